#!/usr/bin/env node
// The `refattaches-contract` command. Package managers link a bin when they install the
// package, before anything is built (in this repository), so the bin is this committed file
// rather than dist/cli.js itself; the published package always carries dist/.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("refattaches-contract is not built: run pnpm build first");
  process.exit(1);
}
await import(cli.href);
