// signWebhook and verifyWebhook against the reference implementation, the `standardwebhooks`
// package: each verifies what the other signs, and both refuse the same tampering.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, test } from "vitest";
import {
  signWebhook,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./index.js";

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const secret = newSecret();
const reference = new Webhook(secret);
const id = "msg_2mUE8hL1WrWB3PqHfE9cTz";
// A batch as the server sends it; the accents make string and byte lengths differ.
const body = JSON.stringify([{ RefAttachNum: 568, PatNum: 972, Note: "Référé à Dr. Bokish" }]);
const nowSeconds = () => Math.floor(Date.now() / 1000);

function headersOf(msgId: string, timestamp: number, signature: string) {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signature,
  };
}

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

async function expectRefused(
  promise: Promise<unknown>,
  reason: WebhookVerificationReason,
): Promise<void> {
  expect((await refusal(promise)).reason).toBe(reason);
}

describe("agreement with the standardwebhooks package", () => {
  test("signWebhook gives the reference signature, byte for byte", async () => {
    const timestamp = nowSeconds();
    expect(await signWebhook(secret, id, timestamp, body)).toBe(
      reference.sign(id, new Date(timestamp * 1000), body),
    );
  });

  test("the reference verifies what signWebhook signs, from a string and from bytes", async () => {
    const timestamp = nowSeconds();
    for (const payload of [body, new TextEncoder().encode(body)]) {
      const signature = await signWebhook(secret, id, timestamp, payload);
      expect(reference.verify(payload, headersOf(id, timestamp, signature))).toEqual(
        JSON.parse(body),
      );
    }
  });

  test("verifyWebhook accepts what the reference signs", async () => {
    const timestamp = nowSeconds();
    const signature = reference.sign(id, new Date(timestamp * 1000), body);
    expect(await verifyWebhook(secret, headersOf(id, timestamp, signature), body)).toEqual({
      id,
      timestamp,
    });
    const bytes = new TextEncoder().encode(body);
    expect(await verifyWebhook(secret, headersOf(id, timestamp, signature), bytes)).toEqual({
      id,
      timestamp,
    });
  });

  test("both refuse a tampered body, id or timestamp and a wrong secret", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook(secret, id, timestamp, body);
    const tampered: [string, string, number, string][] = [
      ["body", id, timestamp, body.replace("972", "973")],
      ["id", "msg_other", timestamp, body],
      ["timestamp", id, timestamp - 1, body],
    ];
    for (const [, msgId, at, payload] of tampered) {
      const headers = headersOf(msgId, at, signature);
      await expectRefused(verifyWebhook(secret, headers, payload), "no-valid-signature");
      expect(() => reference.verify(payload, headers)).toThrow();
    }
    const headers = headersOf(id, timestamp, signature);
    await expectRefused(verifyWebhook(newSecret(), headers, body), "no-valid-signature");
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });

  test("a secret without the whsec_ prefix is the same key, as in the reference", async () => {
    const timestamp = nowSeconds();
    const bare = secret.slice("whsec_".length);
    const signature = await signWebhook(bare, id, timestamp, body);
    expect(signature).toBe(await signWebhook(secret, id, timestamp, body));
    expect(new Webhook(bare).verify(body, headersOf(id, timestamp, signature))).toBeDefined();
  });
});

describe("timestamps", () => {
  const at = new Date("2024-05-01T12:00:00Z");
  const seconds = at.getTime() / 1000;

  async function verifyAt(timestamp: number) {
    const signature = await signWebhook(secret, id, timestamp, body);
    return verifyWebhook(secret, headersOf(id, timestamp, signature), body, { now: at });
  }

  test("within 5 minutes either way is accepted, at the limits too", async () => {
    for (const offset of [-WEBHOOK_TOLERANCE_SECONDS, -1, 0, 1, WEBHOOK_TOLERANCE_SECONDS]) {
      expect(await verifyAt(seconds + offset)).toEqual({ id, timestamp: seconds + offset });
    }
  });

  test("a stale timestamp is refused even with a valid signature", async () => {
    await expectRefused(verifyAt(seconds - WEBHOOK_TOLERANCE_SECONDS - 1), "timestamp-too-old");
    await expectRefused(verifyAt(seconds - 86_400), "timestamp-too-old");
  });

  test("a future timestamp is refused even with a valid signature", async () => {
    await expectRefused(verifyAt(seconds + WEBHOOK_TOLERANCE_SECONDS + 1), "timestamp-too-new");
  });

  test("the reference refuses the same stale and future timestamps", async () => {
    const now = nowSeconds();
    for (const timestamp of [
      now - WEBHOOK_TOLERANCE_SECONDS - 60,
      now + WEBHOOK_TOLERANCE_SECONDS + 60,
    ]) {
      const signature = await signWebhook(secret, id, timestamp, body);
      expect(() => reference.verify(body, headersOf(id, timestamp, signature))).toThrow(
        /timestamp/i,
      );
      await refusal(verifyWebhook(secret, headersOf(id, timestamp, signature), body));
    }
  });

  test("a timestamp that is not whole Unix seconds is refused", async () => {
    const signature = await signWebhook(secret, id, seconds, body);
    for (const text of ["", "abc", "1714564800.5", "-1714564800", "1e9", "2024-05-01T12:00:00Z"]) {
      const headers = { ...headersOf(id, seconds, signature), "webhook-timestamp": text };
      const error = await refusal(verifyWebhook(secret, headers, body, { now: at }));
      expect(error.reason).toBe(text === "" ? "missing-header" : "invalid-timestamp");
    }
  });

  test("signWebhook takes whole non-negative seconds only", async () => {
    for (const timestamp of [1.5, -1, Number.NaN]) {
      await expect(signWebhook(secret, id, timestamp, body)).rejects.toThrow(RangeError);
    }
  });
});

describe("several signatures (a secret rotation)", () => {
  test("any one valid v1 signature among several is enough, whichever its place", async () => {
    const timestamp = nowSeconds();
    const current = await signWebhook(secret, id, timestamp, body);
    const previous = await signWebhook(newSecret(), id, timestamp, body);
    for (const header of [`${previous} ${current}`, `${current} ${previous}`]) {
      expect(await verifyWebhook(secret, headersOf(id, timestamp, header), body)).toEqual({
        id,
        timestamp,
      });
      expect(reference.verify(body, headersOf(id, timestamp, header))).toBeDefined();
    }
  });

  test("other versions and malformed entries are skipped, not fatal", async () => {
    const timestamp = nowSeconds();
    const current = await signWebhook(secret, id, timestamp, body);
    const mac = current.slice("v1,".length);
    const header = `v1a,${mac} v2,${mac} v1,not*base64 garbage ${current}`;
    expect(await verifyWebhook(secret, headersOf(id, timestamp, header), body)).toEqual({
      id,
      timestamp,
    });
  });

  test("the right MAC under another version is not accepted", async () => {
    const timestamp = nowSeconds();
    const mac = (await signWebhook(secret, id, timestamp, body)).slice("v1,".length);
    const headers = headersOf(id, timestamp, `v1a,${mac} ${mac}`);
    await expectRefused(verifyWebhook(secret, headers, body), "no-valid-signature");
  });
});

describe("headers", () => {
  test("are found ignoring case, in a Headers object and in a plain record", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook(secret, id, timestamp, body);
    const forms: WebhookHeaders[] = [
      new Headers(headersOf(id, timestamp, signature)),
      { "Webhook-Id": id, "WEBHOOK-TIMESTAMP": String(timestamp), "webhook-Signature": signature },
      // Node's IncomingHttpHeaders: lower-case names, other headers beside them.
      { ...headersOf(id, timestamp, signature), "content-type": "application/json" },
    ];
    for (const headers of forms) {
      expect(await verifyWebhook(secret, headers, body)).toEqual({ id, timestamp });
    }
  });

  test("a missing or empty header is refused, naming it", async () => {
    const timestamp = nowSeconds();
    const complete = headersOf(id, timestamp, await signWebhook(secret, id, timestamp, body));
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
      for (const headers of [
        { ...complete, [name]: undefined },
        { ...complete, [name]: " " },
      ]) {
        const error = await refusal(verifyWebhook(secret, headers, body));
        expect(error.reason).toBe("missing-header");
        expect(error.message).toBe(`The ${name} header is missing`);
      }
    }
    await expectRefused(verifyWebhook(secret, new Headers(), body), "missing-header");
  });

  test("an array of values (a repeated header) is read as one space-separated value", async () => {
    const timestamp = nowSeconds();
    const current = await signWebhook(secret, id, timestamp, body);
    const headers = {
      ...headersOf(id, timestamp, current),
      "webhook-signature": ["v1,b3RoZXI=", current],
    };
    expect(await verifyWebhook(secret, headers, body)).toEqual({ id, timestamp });
  });
});

describe("secrets", () => {
  test("a secret that is not base64 is a TypeError, for signing and verifying", async () => {
    const timestamp = nowSeconds();
    const headers = headersOf(id, timestamp, await signWebhook(secret, id, timestamp, body));
    for (const wrong of ["", "whsec_", "whsec_not base64!", "whsec_abc"]) {
      await expect(signWebhook(wrong, id, timestamp, body)).rejects.toThrow(TypeError);
      await expect(verifyWebhook(wrong, headers, body)).rejects.toThrow(TypeError);
    }
  });
});
