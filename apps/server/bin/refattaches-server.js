#!/usr/bin/env node
// The `refattaches-server` command. Package managers link a bin when they install the package,
// before anything is built, so the bin is this committed file rather than dist/main.js itself.
import { existsSync } from "node:fs";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  console.error("refattaches-server is not built: run pnpm build first");
  process.exit(1);
}
await import(main.href);
