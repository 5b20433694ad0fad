import { signWebhook, verifyWebhook } from "@refattaches/webhooks";
import { describe, expect, it } from "vitest";
import { newSigningSecret } from "./secret.js";

describe("newSigningSecret", () => {
  it("is whsec_ and the base64 of 32 bytes, different every time", () => {
    const secrets = Array.from({ length: 20 }, newSigningSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("signs and verifies with @refattaches/webhooks", async () => {
    const secret = newSigningSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signWebhook(secret, "msg_1", timestamp, "[]"),
    };
    expect(await verifyWebhook(secret, headers, "[]")).toEqual({ id: "msg_1", timestamp });
    await expect(verifyWebhook(newSigningSecret(), headers, "[]")).rejects.toThrow(
      "No webhook-signature matches",
    );
  });
});
