// A seeded, bounded property-based fuzz of real server processes, generated from the spec:
// 1,000 requests per backend. `pnpm fuzz --runs N --seed S` runs longer ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../testing/backends.js";
import { fuzz } from "./run.js";
import { type RunningTarget, startFuzzTarget } from "./target.js";

const RUNS = 1_000;
const SEED = 20_240_610;

describe.each(backends)("fuzz [$name]", (backend) => {
  if (backend.skipReason) {
    it.skip(`${backend.name}: ${backend.skipReason}`, () => {});
    return;
  }
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startFuzzTarget(backend);
  });
  afterAll(async () => {
    await target?.close();
  });

  it(`${RUNS} generated requests: no 5xx, every 4xx explained, rejected ones change nothing`, async () => {
    const result = await fuzz(target, { runs: RUNS, seed: SEED });
    expect(result.failure).toBeUndefined();
    expect(result.requests).toBe(RUNS);
    expect(result.broken).toEqual([]);
    // The run reaches the rules, not only the validation: some writes succeed.
    expect((result.statuses[200] ?? 0) + (result.statuses[201] ?? 0)).toBeGreaterThan(RUNS / 20);
  }, 180_000);
});
