import { expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { describeEachBackend, send } from "../../testing/index.js";

describeEachBackend("GET /health", (server) => {
  it("answers 200 at the server's root without an Authorization header", async () => {
    const reply = await send(server().origin, "GET", "/health", { headers: {} });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: "ok" });
    expect(reply.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects an unknown query parameter like every operation", async () => {
    const reply = await send(server().origin, "GET", "/health?Verbose=1", { headers: {} });
    expect(reply).toMatchObject({ status: 400, body: messages.invalidParameter("Verbose") });
  });

  it("is not part of the API: /api/v1/health still needs a key", async () => {
    const reply = await send(server().url, "GET", "/health", { headers: {} });
    expect(reply.status).toBe(401);
  });
});
