import { expect, it } from "vitest";
import { TokenBuckets } from "./token-buckets.js";

it("gives each key its capacity, then refills at the rate, and tells how long to wait", () => {
  let now = 0;
  const buckets = new TokenBuckets(20, 20 / 60, () => now);
  for (let i = 0; i < 20; i++) expect(buckets.take("a")).toBe(0);
  // A refused take takes nothing: the wait stays the same.
  expect(buckets.take("a")).toBe(3);
  expect(buckets.take("a")).toBe(3);
  // Another key has its own bucket.
  expect(buckets.take("b")).toBe(0);
  now = 2_000;
  expect(buckets.take("a")).toBe(1);
  now = 3_000;
  expect(buckets.take("a")).toBe(0);
  expect(buckets.take("a")).toBe(3);
  now = 3_000 + 60_000;
  for (let i = 0; i < 20; i++) expect(buckets.take("a")).toBe(0);
});

it("rounds a fractional rate's wait up to whole seconds", () => {
  let now = 0;
  const buckets = new TokenBuckets(1, 0.2, () => now);
  expect(buckets.take("k")).toBe(0);
  expect(buckets.take("k")).toBe(5);
  now = 4_100;
  expect(buckets.take("k")).toBe(1);
  now = 5_000;
  expect(buckets.take("k")).toBe(0);
});
