// The real entry point (src/main.ts) as its own process, for tests that need what only a
// process has: its stdout log, a SIGKILL, a restart on the same database file.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL of the API, once it listens. */
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

const entry = join(import.meta.dirname, "..", "main.ts");

/** Starts `main.ts` with `env` (PORT=0 unless given) in `cwd`; resolves once it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  cwd: string,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
    cwd,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /listening on (http[^\s"]+)/.exec(output)?.[1];
      if (found) {
        clearInterval(poll);
        resolve(found);
      }
    }, 25);
    exited.then(() => {
      clearInterval(poll);
      reject(new Error(`The server exited before listening: ${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
