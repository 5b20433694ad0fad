// The real entry point, as `pnpm start` runs it: configuration, warning, demo data, serving.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH } from "./testing/index.js";

const entry = join(import.meta.dirname, "main.ts");
const running: ChildProcess[] = [];
const dirs: string[] = [];

function start(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "refattaches-main-"));
  dirs.push(dir);
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
  });
  running.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const url = /listening on (http[^\s"]+)/.exec(output)?.[1];
      if (url) {
        clearInterval(poll);
        resolve(url);
      }
    }, 50);
    exited.then(() => {
      clearInterval(poll);
      reject(new Error(`exited: ${output}`));
    });
  });
  // A test that expects an early exit never awaits `listening`.
  listening.catch(() => {});
  return { dir, exited, listening, output: () => output };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("main entry", () => {
  it("starts on a new SQLite file under ./data with demo data and warns about the demo key", async () => {
    const server = start({});
    const url = await server.listening;
    expect(server.output()).toMatch(/"level":"warn".*OD_API_KEYS is not set/);
    expect(existsSync(join(server.dir, "data", "refattaches.sqlite"))).toBe(true);
    const reply = await fetch(`${url}/refattaches?PatNum=25`, { headers: { Authorization: AUTH } });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject([
      { RefAttachNum: 1, referralName: "Steve N Stevens, DDS" },
    ]);
  });

  it("accepts only the configured keys when OD_API_KEYS is set, without the warning", async () => {
    const server = start({ OD_API_KEYS: "dev1/cust1", DEMO_DATA: "0" });
    const url = await server.listening;
    expect(server.output()).not.toMatch(/warning/);
    const demo = await fetch(`${url}/refattaches`, { headers: { Authorization: AUTH } });
    expect(demo.status).toBe(401);
    const own = await fetch(`${url}/refattaches`, {
      headers: { Authorization: "ODFHIR dev1/cust1" },
    });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual([]);
  });

  it("refuses to start in production without keys, with a clear message", async () => {
    const server = start({ NODE_ENV: "production" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/^error: invalid configuration:\nOD_API_KEYS is empty/m);
  });

  it("writes one JSON line per request with its id, route and status, and nothing the client sent", async () => {
    const server = start({ OD_API_KEYS: "dev1/cust-secret-1" });
    const url = await server.listening;
    const reply = await fetch(`${url}/refattaches?PatNum=25&Secret=Jane`, {
      headers: { Authorization: "ODFHIR dev1/cust-secret-1", "User-Agent": "Jane Doe's browser" },
    });
    expect(reply.status).toBe(400);
    const requestId = reply.headers.get("X-Request-Id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => server.output()).toContain(`"reqId":"${requestId}"`);
    const line = server
      .output()
      .split("\n")
      .find((text) => text.includes(`"reqId":"${requestId}"`));
    expect(JSON.parse(line ?? "")).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      route: "/api/v1/refattaches",
      status: 400,
      ms: expect.any(Number),
      time: expect.any(Number),
    });
    for (const secret of ["Jane", "PatNum", "cust-secret-1", "Secret"]) {
      expect(server.output()).not.toContain(secret);
    }
  });

  it("prints every variable with --help and exits 0", async () => {
    const server = start({});
    const child = running.at(-1);
    child?.kill("SIGTERM");
    await server.exited;
    const help = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry, "--help"]);
    let text = "";
    help.stdout.on("data", (chunk) => {
      text += chunk;
    });
    const code = await new Promise((resolve) => help.on("exit", resolve));
    expect(code).toBe(0);
    expect(text).toMatch(/^PORT +3000 /m);
    expect(text).toMatch(/^OD_API_KEYS_FILE +\(unset\) /m);
  });

  it("refuses a malformed PORT, naming it with an example", async () => {
    const server = start({ PORT: "0x10A6" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(
      /PORT \("0x10A6"\) is not a whole decimal number; for example PORT=3000/,
    );
  });
});
