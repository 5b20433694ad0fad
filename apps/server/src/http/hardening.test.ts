import { expect, it } from "vitest";
import { describeEachBackend } from "../testing/index.js";

describeEachBackend("hardening headers", (server) => {
  it.each([
    ["GET", "/refattaches?PatNum=25", undefined, undefined, 200],
    ["POST", "/referrals", { LName: "Hardened" }, undefined, 201],
    ["GET", "/refattaches?Foo=1", undefined, undefined, 400],
    ["GET", "/refattaches", undefined, {}, 401],
    ["GET", "/refattachez", undefined, undefined, 404],
    ["DELETE", "/refattaches/999999", undefined, undefined, 404],
  ] as const)("%s %s (%#): no-store and nosniff", async (method, path, body, headers, status) => {
    const reply = await server().request(method, path, {
      ...(body && { body }),
      ...(headers && { headers }),
    });
    expect(reply.status).toBe(status);
    expect(reply.headers.get("Cache-Control")).toBe("no-store");
    expect(reply.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
