// The server as its own process (`node main.ts` through tsx), for what only a real process
// shows: signals, exit codes, start-up failures, memory, and every line it writes.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = join(import.meta.dirname, "..", "main.ts");

export interface ServerProcess {
  child: ChildProcess;
  /** Its working directory; removed by `stop` when startServerProcess made it. */
  dir: string;
  /** Resolves with the API's base URL once it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** SIGKILL if still running, then removes `dir` if it was made for this process. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Run as the unprivileged `nobody` when the tests run as root, so file permissions apply. */
  unprivileged?: boolean;
  /** Its working directory, from `processDir()` (to put files there first); default: a new one. */
  dir?: string;
}

/** True when tests run as root, for whom no file is unwritable. */
export const runningAsRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/**
 * Why tests that run the server as `nobody` cannot run here, or undefined when they can:
 * `nobody` must be able to reach node itself, the server's sources and tsx, so every folder
 * above them must be open to others (a clone, or a node, under a private `mktemp -d` is not).
 */
export const unprivilegedSkipReason: string | undefined = (() => {
  if (!runningAsRoot) return undefined;
  for (const start of [process.execPath, MAIN, fileURLToPath(import.meta.resolve("tsx"))]) {
    for (let dir = dirname(start); dir !== dirname(dir); dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o005) !== 0o005) {
        return `${dir} is not open to other users, so tests that run the server as nobody are skipped`;
      }
    }
  }
  return undefined;
})();

/** A fresh working directory for a server process, open to `nobody` too. */
export function processDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "refattaches-process-"));
  chmodSync(dir, 0o777);
  return dir;
}

/** Starts `main.ts` with only `env` (plus PATH and PORT=0) in a fresh working directory. */
export function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): ServerProcess {
  const dir = options.dir ?? processDir();
  const asNobody = options.unprivileged === true && runningAsRoot;
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
    ...(asNobody && { uid: NOBODY, gid: NOBODY }),
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const url = /listening on (http[^\s"]+)/.exec(output)?.[1];
      if (url) {
        clearInterval(poll);
        resolve(url);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
  // A test that expects an early exit never awaits `listening`.
  listening.catch(() => {});
  return {
    child,
    dir,
    listening,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parsed JSON log lines of the process (other lines, such as start-up errors, left out). */
export function logEntries(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
