// Stopping the real process: requests in flight get the shutdown timeout to finish, a client
// that stalls its body cannot hold the process beyond it, and a second signal exits at once.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH } from "./testing/index.js";
import { logEntries, type ServerProcess, startServerProcess } from "./testing/process.js";

const running: ServerProcess[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of running.splice(0)) await server.stop();
});

async function start(env: Record<string, string>) {
  const server = startServerProcess({ OD_API_KEYS: AUTH.slice("ODFHIR ".length), ...env });
  running.push(server);
  const url = new URL(await server.listening);
  return { server, port: Number(url.port) };
}

/** A POST whose headers promise 100 body bytes, of which only the first few are sent. */
async function stalledPost(port: number): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk.toString();
  });
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    "POST /api/v1/refattaches HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `Authorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"PatNum":`,
  );
  // Give the server time to read the headers and start waiting for the body.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { socket, received: () => received };
}

const closed = (socket: Socket) => new Promise((resolve) => socket.once("close", resolve));

describe("stopping on SIGTERM", () => {
  it("cuts a stalled request body after SHUTDOWN_TIMEOUT_MS and exits 0 with one line", async () => {
    const { server, port } = await start({ SHUTDOWN_TIMEOUT_MS: "1000" });
    const { socket } = await stalledPost(port);
    const cut = closed(socket);
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const tookMs = performance.now() - signalled;
    await cut;
    // The drain waited for the stalled request, and not for much longer than its limit.
    expect(tookMs).toBeGreaterThanOrEqual(1000);
    expect(tookMs).toBeLessThan(1000 + 2000);
    const last = logEntries(server.output()).at(-1);
    expect(last).toMatchObject({
      level: "info",
      signal: "SIGTERM",
      cutConnections: true,
      msg: "stopped on SIGTERM, cutting requests still running after 1000 ms",
    });
  });

  it("lets a request in flight finish within the drain, then exits without waiting longer", async () => {
    const { server, port } = await start({ SHUTDOWN_TIMEOUT_MS: "10000" });
    const { socket, received } = await stalledPost(port);
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The rest of the 100 promised bytes: a complete (if invalid) body, answered as usual.
    const answered = performance.now();
    socket.write(`1}${" ".repeat(100 - '{"PatNum":1}'.length)}`);
    expect(await server.exited).toBe(0);
    // Its connection, kept alive after the answer, does not hold the process either.
    expect(performance.now() - answered).toBeLessThan(3000);
    expect(received()).toMatch(/^HTTP\/1\.1 (400|404) /);
    expect(logEntries(server.output()).at(-1)).toMatchObject({
      signal: "SIGTERM",
      cutConnections: false,
      msg: "stopped on SIGTERM",
    });
  });

  it("exits at once on a second signal, without waiting for the drain", async () => {
    const { server, port } = await start({ SHUTDOWN_TIMEOUT_MS: "60000" });
    await stalledPost(port);
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(128 + 15);
    expect(performance.now() - signalled).toBeLessThan(2000);
    expect(logEntries(server.output()).at(-1)).toMatchObject({
      level: "warn",
      msg: "second SIGTERM: exiting without waiting",
    });
  });
});

describe("Ctrl-C on `pnpm start`", () => {
  it("prints the server's one stop line and no package-manager error, exit code 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "refattaches-start-"));
    // Its own process group, as a terminal gives a foreground job: Ctrl-C signals all of it.
    const child = spawn("pnpm", ["start"], {
      cwd: join(import.meta.dirname, "..", "..", ".."),
      env: { ...process.env, PORT: "0", DATABASE_URL: `sqlite:${join(dir, "start.sqlite")}` },
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await expect.poll(() => output, { timeout: 90_000 }).toMatch(/listening on http/);
      process.kill(-(child.pid ?? 0), "SIGINT");
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
      const stopLines = logEntries(output).filter((entry) => /^stopped/.test(String(entry.msg)));
      expect(stopLines).toEqual([expect.objectContaining({ msg: "stopped on SIGINT" })]);
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid ?? 0), "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
