// Build step: the hand-authored spec (openapi/openapi.yaml, written in one place only) is
// copied into dist/, so the built server and the production bundle serve it at /openapi.yaml
// and render /docs from it without the workspace around them.
import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";

const spec = createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");
copyFileSync(spec, new URL("../dist/openapi.yaml", import.meta.url));
