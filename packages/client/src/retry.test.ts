import { describe, expect, test } from "vitest";
import { backoffMs, DEFAULT_RETRY, retryAfterMs, retryPolicy } from "./retry.js";

describe("retryAfterMs", () => {
  test("reads delay-seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("2024-05-01T12:00:00Z");
    expect(retryAfterMs("5", now)).toBe(5000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Wed, 01 May 2024 12:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Wed, 01 May 2024 11:59:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-1", now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  test("doubles per retry, keeps at least half of it, and stops at maxDelayMs", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([0, 1, 2, 3, 4].map((retry) => backoffMs(policy, retry, 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([0, 1, 2, 3, 4].map((retry) => backoffMs(policy, retry, 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });
});

describe("retryPolicy", () => {
  test("defaults to two retries of GET, PUT and DELETE; false turns retries off", () => {
    expect(retryPolicy(undefined)).toEqual(DEFAULT_RETRY);
    expect(DEFAULT_RETRY.methods).toEqual(["GET", "PUT", "DELETE"]);
    expect(retryPolicy(false).retries).toBe(0);
    expect(retryPolicy({ methods: ["get", "post"] }).methods).toEqual(["GET", "POST"]);
  });

  test("rejects negative or fractional settings", () => {
    expect(() => retryPolicy({ retries: -1 })).toThrow(
      "retry.retries must be a non-negative integer",
    );
    expect(() => retryPolicy({ retries: 1.5 })).toThrow(RangeError);
    expect(() => retryPolicy({ baseDelayMs: Number.NaN })).toThrow(RangeError);
  });
});
