// Entry point of the `refattaches-contract` command (bin/refattaches-contract.js loads it).
import { EXIT, runCli } from "./cli/main.js";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  // pnpm runs `pnpm contract` in this package's folder; INIT_CWD is where the user typed it.
  cwd: process.env.INIT_CWD ?? process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.cannotRun;
  },
);
