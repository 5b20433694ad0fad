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
  /** The same for private memory only (see rssKb). */
  peakPrivateMb(): number;
  /** CPU time used so far by the server and its workers, in seconds (user + system). */
  cpuSeconds(): number;
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

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Resident memory in kB: all of it, and the private part (heap, stacks; RssAnon + RssShmem).
 * The difference is file pages mapped from the database (the read connection's mmap), which
 * the kernel can drop at any time and which every process reading the file shares.
 */
function rssKb(pid: number): { total: number; private: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { total: field("VmRSS"), private: field("RssAnon") + field("RssShmem") };
  } catch {
    return { total: 0, private: 0 };
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
  let peakPrivateKb = 0;
  const watch = setInterval(() => {
    const usage = processTree(child.pid ?? 0).map(rssKb);
    peakKb = Math.max(
      peakKb,
      usage.reduce((sum, kb) => sum + kb.total, 0),
    );
    peakPrivateKb = Math.max(
      peakPrivateKb,
      usage.reduce((sum, kb) => sum + kb.private, 0),
    );
  }, 50);
  return {
    name: options.name,
    url: origin,
    child,
    startupMs,
    resetPeak: () => {
      peakKb = 0;
      peakPrivateKb = 0;
    },
    peakRssMb: () => peakKb / 1024,
    peakPrivateMb: () => peakPrivateKb / 1024,
    cpuSeconds: () =>
      processTree(child.pid ?? 0).reduce((sum, pid) => sum + cpuTicks(pid), 0) / TICKS_PER_SECOND,
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
