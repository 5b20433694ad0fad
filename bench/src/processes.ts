// Server processes for the benchmark: each started pinned to its CPUs with taskset, watched
// for its resident memory while it serves (summed over its cluster workers), and stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first answered request. */
  startupMs: number;
  /** Resets the peak-RSS watch, e.g. at the start of one scenario. */
  resetPeak(): void;
  /** Highest resident memory seen since the last reset, in MB (all workers together). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** This process and its descendants (cluster workers). */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    const current = pids[i] as number;
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8");
        for (const child of children.split(" ").filter(Boolean)) pids.push(Number(child));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export interface StartOptions {
  name: string;
  /** node arguments: the script and its flags. */
  args: string[];
  env: Record<string, string>;
  cpus: string;
  /** Where its stdout and stderr go (a file: reading a pipe would cost the benchmark CPU). */
  logFile: string;
  /** A request path that answers once the server is ready. */
  probe: string;
  authorization: string;
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const log = openSync(options.logFile, "a");
  const child = spawn("taskset", ["-c", options.cpus, process.execPath, ...options.args], {
    env: { PATH: process.env.PATH ?? "", ...options.env, PORT: String(port) },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const tail = () => readFileSync(options.logFile, "utf8").slice(-2000);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited: ${tail()}`);
    try {
      const reply = await fetch(origin + options.probe, {
        headers: { Authorization: options.authorization },
      });
      await reply.arrayBuffer();
      if (reply.ok) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > 60_000)
      throw new Error(`${options.name} did not start: ${tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startupMs = performance.now() - started;
  let peakKb = 0;
  const watch = setInterval(() => {
    const total = processTree(child.pid ?? 0).reduce((sum, pid) => sum + rssKb(pid), 0);
    peakKb = Math.max(peakKb, total);
  }, 50);
  return {
    name: options.name,
    url: origin,
    child,
    startupMs,
    resetPeak: () => {
      peakKb = 0;
    },
    peakRssMb: () => peakKb / 1024,
    async stop() {
      clearInterval(watch);
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
