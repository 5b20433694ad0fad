// When a failed delivery is tried again, and when a subscription is given up on. Pure: the
// clock and the randomness come in as arguments.
import { formatLocalDateTime } from "../domain/dates.js";
import { messages } from "../domain/errors.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after the 1st, 2nd, ... failed attempt of a batch; after the last, it gives up. */
export const RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

/** Each wait is moved by up to this fraction either way, so receivers that failed together recover apart. */
export const RETRY_JITTER = 0.2;

/** The longest `Retry-After` honoured. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/** A failure this long after the first failure of the streak disables the subscription. */
export const GIVE_UP_AFTER_MS = 3 * 24 * HOUR;

/** `410 Gone`: the receiver says the endpoint is gone for good. */
const GONE = 410;

export interface FailedAttempt {
  /** Failed attempts of the batch so far, this one included: 1 after the first failure. */
  attempt: number;
  /** When this attempt failed. */
  now: Date;
  /** When the current streak of failures began (`now` when this is its first failure). */
  firstFailureAt: Date;
  /** The receiver's status code, when it answered. */
  status?: number | undefined;
  /** The receiver's `Retry-After` header, when it sent one. */
  retryAfter?: string | undefined;
  /** What went wrong, as FailureReason shows it (the delivery outcome's reason). */
  reason: string;
}

export type AfterFailure = { action: "retry"; at: Date } | { action: "disable"; reason: string };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// RFC 9110's three forms of HTTP-date; recipients must read all of them.
const HTTP_DATES = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  /^[A-Za-z]{3}, (?<day>\d{2}) (?<month>[A-Za-z]{3}) (?<year>\d{4}) (?<time>[\d:]{8}) GMT$/,
  // Obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  /^[A-Za-z]{6,9}, (?<day>\d{2})-(?<month>[A-Za-z]{3})-(?<yy>\d{2}) (?<time>[\d:]{8}) GMT$/,
  // Obsolete asctime: Sun Nov  6 08:49:37 1994
  /^[A-Za-z]{3} (?<month>[A-Za-z]{3}) (?<day>[ \d]\d) (?<time>[\d:]{8}) (?<year>\d{4})$/,
];

/** The time of an HTTP-date in milliseconds; undefined if the text is none. */
function httpDate(text: string, now: Date): number | undefined {
  const date = HTTP_DATES.map((form) => form.exec(text)?.groups).find(Boolean);
  if (date === undefined) return undefined;
  const month = MONTHS.indexOf((date.month ?? "").toLowerCase());
  const day = Number(date.day);
  // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
  let year = Number(date.year ?? 2000 + Number(date.yy));
  if (date.yy !== undefined && year > now.getUTCFullYear() + 50) year -= 100;
  const [hours = 0, minutes = 0, seconds = 0] = (date.time ?? "").split(":").map(Number);
  if (!/^\d{2}:\d{2}:\d{2}$/.test(date.time ?? "") || month < 0) return undefined;
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  // A leap second counts as the second before it.
  const time = Date.UTC(year, month, day, hours, minutes, Math.min(seconds, 59));
  // Date.UTC rolls 31 Feb over into March: such a date is not a date.
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/**
 * A `Retry-After` header (delay-seconds, or an HTTP-date) as milliseconds from `now`, capped at
 * {@link MAX_RETRY_AFTER_MS}; a date in the past is 0. Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  const wait = /^\d+$/.test(text)
    ? Number(text) * SECOND
    : (httpDate(text, now) ?? Number.NaN) - now.getTime();
  if (Number.isNaN(wait)) return undefined;
  return Math.min(Math.max(wait, 0), MAX_RETRY_AFTER_MS);
}

/**
 * What follows a failed attempt: `410 Gone` disables at once; so does any failure more than
 * {@link GIVE_UP_AFTER_MS} after the streak began, or after the last wait of the schedule.
 * Otherwise the next attempt is at the schedule's wait for this attempt (`delaysMs`; tests
 * shorten it), moved by up to
 * {@link RETRY_JITTER} either way (`random` in [0, 1)), and not before a `Retry-After` asks.
 */
export function afterFailure(
  failed: FailedAttempt,
  random: () => number,
  delaysMs: readonly number[] = RETRY_DELAYS_MS,
): AfterFailure {
  const { attempt, now, firstFailureAt } = failed;
  if (failed.status === GONE) return { action: "disable", reason: messages.deliveryGone };
  const scheduled = delaysMs[attempt - 1];
  if (scheduled === undefined || now.getTime() - firstFailureAt.getTime() > GIVE_UP_AFTER_MS) {
    const since = formatLocalDateTime(firstFailureAt);
    return { action: "disable", reason: messages.deliveryGaveUp(since, failed.reason) };
  }
  const jittered = scheduled * (1 + RETRY_JITTER * (2 * random() - 1));
  const wait = Math.max(jittered, retryAfterMs(failed.retryAfter, now) ?? 0);
  return { action: "retry", at: new Date(now.getTime() + Math.round(wait)) };
}
