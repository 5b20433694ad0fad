// Runs the README's receiver as written, on 127.0.0.1, and sends it deliveries signed the way
// the server signs them: the example must be true. The repository's README shows it too.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { type AddressInfo, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { signWebhook } from "./index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
let directory: string;
let receiver: Server | undefined;
let url: string;
const log = vi.spyOn(console, "log").mockImplementation(() => undefined);

const receiverIn = (readme: string) => /<!-- receiver -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];

beforeAll(async () => {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const example = receiverIn(readme);
  expect(example).toBeDefined();
  // The repository's README shows the same receiver: what runs here is what both say.
  const rootReadme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
  expect(receiverIn(rootReadme)).toBe(example);
  const runnable = (example ?? "").replace(
    '"@refattaches/webhooks"',
    JSON.stringify(fileURLToPath(new URL("./index.ts", import.meta.url))),
  );
  directory = await mkdtemp(join(tmpdir(), "refattaches-receiver-"));
  const file = join(directory, "receiver.mjs");
  await writeFile(file, runnable);

  // The example listens on a fixed port on every interface; here it gets a free port on
  // 127.0.0.1 instead, and the test keeps the server to send to it and close it.
  const listen = vi.spyOn(Server.prototype, "listen").mockImplementation(function (this: Server) {
    receiver = this;
    listen.mockRestore();
    return this.listen(0, "127.0.0.1");
  });
  vi.stubEnv("WEBHOOK_SECRET", secret);
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    vi.unstubAllEnvs();
    listen.mockRestore();
  }
  expect(receiver).toBeDefined();
  const server = receiver as Server;
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  log.mockRestore();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

async function deliver(id: string, body: string, signature?: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Event-Type": "WatchTable: RefAttach",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature ?? (await signWebhook(secret, id, timestamp, body)),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const batch = JSON.stringify([
  { RefAttachNum: 568, PatNum: 972, Note: "Référé" },
  { RefAttachNum: 569, PatNum: 972, Note: "" },
]);

test("a signed batch gets a 204 and its rows are handled once, a retry only answered", async () => {
  expect(await deliver("msg_first", batch)).toBe(204);
  expect(await deliver("msg_first", batch)).toBe(204);
  expect(await deliver("msg_second", "[]")).toBe(204);
  expect(log.mock.calls.map((args) => args.join(" "))).toEqual([
    "WatchTable: RefAttach: 2 row(s)",
    "WatchTable: RefAttach: 0 row(s)",
  ]);
});

test("a delivery that does not verify gets a 401 and is not handled", async () => {
  log.mockClear();
  const otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const forged = await signWebhook(otherSecret, "msg_forged", Math.floor(Date.now() / 1000), batch);
  expect(await deliver("msg_forged", batch, forged)).toBe(401);
  expect(await deliver("msg_unsigned", batch, "")).toBe(401);
  expect(log).not.toHaveBeenCalled();
});
