// The real entry point, as `pnpm start` runs it: configuration, warning, demo data, serving.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH } from "./testing/index.js";
import { type ServerProcess, startServerProcess } from "./testing/process.js";

const running: ServerProcess[] = [];

function start(env: Record<string, string>): ServerProcess {
  const server = startServerProcess(env);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
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
    const entry = join(import.meta.dirname, "main.ts");
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
