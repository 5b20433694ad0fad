import { describe, expect, it } from "vitest";
import { formatLocalDateTime } from "../domain/dates.js";
import { messages } from "../domain/errors.js";
import {
  type AfterFailure,
  afterFailure,
  type FailedAttempt,
  GIVE_UP_AFTER_MS,
  MAX_RETRY_AFTER_MS,
  RETRY_DELAYS_MS,
  RETRY_JITTER,
  retryAfterMs,
} from "./retry-schedule.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const now = new Date("2024-05-01T12:00:00Z");
const reason = messages.deliveryStatus(500);

/** The middle of the jitter range: exactly the scheduled wait. */
const noJitter = () => 0.5;

function failure(overrides: Partial<FailedAttempt> = {}): FailedAttempt {
  return { attempt: 1, now, firstFailureAt: now, status: 500, reason, ...overrides };
}

function waitOf(result: AfterFailure): number {
  if (result.action !== "retry") throw new Error(`expected a retry, got ${result.reason}`);
  return result.at.getTime() - now.getTime();
}

describe("the schedule", () => {
  it("is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h", () => {
    expect(RETRY_DELAYS_MS).toEqual([
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      14 * HOUR,
      20 * HOUR,
      24 * HOUR,
    ]);
  });

  it.each(RETRY_DELAYS_MS.map((delay, index) => [index + 1, delay]))(
    "after failed attempt %i the next comes %i ms later, without jitter",
    (attempt, delay) => {
      expect(waitOf(afterFailure(failure({ attempt }), noJitter))).toBe(delay);
    },
  );

  it("jitter moves a wait by at most 20% either way, following the random number", () => {
    // The 4th wait is 2 h: 96 to 144 minutes.
    const wait = (random: number) => waitOf(afterFailure(failure({ attempt: 4 }), () => random));
    expect(RETRY_JITTER).toBe(0.2);
    expect(wait(0)).toBe(96 * MINUTE);
    expect(wait(0.25)).toBe(108 * MINUTE);
    expect(wait(0.75)).toBe(132 * MINUTE);
    expect(wait(0.999_999)).toBeLessThanOrEqual(144 * MINUTE);
    expect(wait(0.999_999)).toBeGreaterThan(143.9 * MINUTE);
  });

  it("a network failure (no status) is retried like an error status", () => {
    const result = afterFailure(
      failure({ status: undefined, reason: "Connection refused" }),
      noJitter,
    );
    expect(waitOf(result)).toBe(RETRY_DELAYS_MS[0]);
  });
});

describe("Retry-After", () => {
  it("is a minimum: a longer one wins, a shorter one does not shorten the wait", () => {
    const later = afterFailure(failure({ status: 503, retryAfter: "120" }), noJitter);
    expect(waitOf(later)).toBe(120 * SECOND);
    const sooner = afterFailure(failure({ attempt: 2, status: 429, retryAfter: "1" }), noJitter);
    expect(waitOf(sooner)).toBe(5 * MINUTE);
  });

  it("is capped at 24 hours", () => {
    const result = afterFailure(failure({ status: 503, retryAfter: "999999999" }), noJitter);
    expect(waitOf(result)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(24 * HOUR);
  });

  it("is read as delay-seconds", () => {
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs("30", now)).toBe(30 * SECOND);
    expect(retryAfterMs(" 30 ", now)).toBe(30 * SECOND);
    expect(retryAfterMs("86401", now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it.each([
    ["IMF-fixdate", "Wed, 01 May 2024 12:10:00 GMT", 10 * MINUTE],
    ["RFC 850", "Wednesday, 01-May-24 13:00:00 GMT", HOUR],
    ["asctime, one-digit day", "Thu May  2 12:00:00 2024", 24 * HOUR],
    ["asctime, two-digit day", "Wed May 01 12:00:30 2024", 30 * SECOND],
    ["a date in the past", "Tue, 30 Apr 2024 12:00:00 GMT", 0],
    ["a date beyond the cap", "Fri, 01 May 2026 12:00:00 GMT", MAX_RETRY_AFTER_MS],
    ["a leap second", "Wed, 01 May 2024 12:00:60 GMT", 59 * SECOND],
  ])("is read as an HTTP-date: %s", (_, header, wait) => {
    expect(retryAfterMs(header, now)).toBe(wait);
  });

  it("RFC 850's two-digit year more than 50 years ahead is in the past century", () => {
    expect(retryAfterMs("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(0);
  });

  it.each([
    "",
    "soon",
    "-5",
    "1.5",
    "1e3",
    "Wed, 31 Feb 2024 12:00:00 GMT",
    "Wed, 01 Foo 2024 12:00:00 GMT",
    "Wed, 01 May 2024 25:00:00 GMT",
    "Wed, 01 May 2024 12:00:00 UTC",
    "2024-05-01T12:10:00Z",
  ])("is ignored when unreadable: %j", (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
    expect(waitOf(afterFailure(failure({ retryAfter: header }), noJitter))).toBe(
      RETRY_DELAYS_MS[0],
    );
  });

  it("is ignored when absent", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("disabling", () => {
  it("410 Gone disables at once, even on the first failure", () => {
    expect(afterFailure(failure({ status: 410 }), noJitter)).toEqual({
      action: "disable",
      reason: messages.deliveryGone,
    });
  });

  it("a failure more than 3 days after the streak began disables, saying since when", () => {
    const firstFailureAt = new Date(now.getTime() - GIVE_UP_AFTER_MS - 1);
    expect(afterFailure(failure({ attempt: 3, firstFailureAt }), noJitter)).toEqual({
      action: "disable",
      reason: messages.deliveryGaveUp(formatLocalDateTime(firstFailureAt), reason),
    });
    expect(GIVE_UP_AFTER_MS).toBe(3 * 24 * HOUR);
  });

  it("a failure exactly 3 days after the streak began is still retried", () => {
    const firstFailureAt = new Date(now.getTime() - GIVE_UP_AFTER_MS);
    expect(afterFailure(failure({ attempt: 3, firstFailureAt }), noJitter).action).toBe("retry");
  });

  it("a failure after the schedule's last wait disables", () => {
    const attempt = RETRY_DELAYS_MS.length + 1;
    const firstFailureAt = new Date(now.getTime() - HOUR);
    expect(afterFailure(failure({ attempt, firstFailureAt }), noJitter)).toEqual({
      action: "disable",
      reason: messages.deliveryGaveUp(formatLocalDateTime(firstFailureAt), reason),
    });
  });

  it("a receiver that never recovers is disabled after about 3 days, whatever the jitter", () => {
    for (const random of [0, 0.5, 0.999_999]) {
      const firstFailureAt = now;
      let at = now;
      let result: AfterFailure;
      let attempt = 0;
      do {
        attempt += 1;
        result = afterFailure(failure({ attempt, now: at, firstFailureAt }), () => random);
        if (result.action === "retry") at = result.at;
      } while (result.action === "retry");
      expect(attempt).toBeGreaterThanOrEqual(9);
      expect(attempt).toBeLessThanOrEqual(RETRY_DELAYS_MS.length + 1);
      const elapsed = at.getTime() - firstFailureAt.getTime();
      expect(elapsed).toBeGreaterThan(2 * 24 * HOUR);
      expect(elapsed).toBeLessThan(4 * 24 * HOUR);
    }
  });
});
