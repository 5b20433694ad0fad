// The published checker carries the spec it checks against, so it installs and runs from its
// tarball alone. openapi/openapi.yaml stays the one hand-authored copy; this one is gitignored
// and rebuilt by the turbo `generate` task whenever the spec changes.
import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";

const source = createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");
copyFileSync(source, new URL("../openapi.yaml", import.meta.url));
