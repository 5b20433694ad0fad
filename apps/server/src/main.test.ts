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
      const url = /listening on (\S+)/.exec(output)?.[1];
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
    expect(server.output()).toMatch(/warning: OD_API_KEYS is not set/);
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
    expect(server.output()).toMatch(/^error: OD_API_KEYS is empty/m);
  });
});
