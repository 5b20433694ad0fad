// What the driver's errors mean: retry the transaction, answer 503 (the database cannot serve
// this now), answer 400 (a value the column cannot hold), or a bug. Only codes are ever logged
// or shown: driver messages can quote a query's values.
import { invalid, messages, RuleError } from "../../domain/errors.js";

/**
 * The server cannot start on this database or with these settings; the message says why and
 * what to do, and never holds the password.
 */
export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
}

/** A named lock (GET_LOCK) that was not granted in time; retried like a lock wait timeout. */
export class NamedLockTimeout extends Error {
  override name = "NamedLockTimeout";
  readonly code = "REFATTACHES_NAMED_LOCK_TIMEOUT";
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
}

export const asDriverError = (error: unknown): DriverError =>
  typeof error === "object" && error !== null ? (error as DriverError) : {};

/** ER_LOCK_WAIT_TIMEOUT (1205), ER_LOCK_DEADLOCK (1213), or a named lock not granted. */
export function isRetryable(error: unknown): boolean {
  const { errno, code } = asDriverError(error);
  return errno === 1205 || errno === 1213 || code === "REFATTACHES_NAMED_LOCK_TIMEOUT";
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR",
  "PROTOCOL_ENQUEUE_AFTER_QUIT",
]);

/**
 * Too many connections (1040, 1203), shutting down (1053), lock waits that outlasted the
 * retries (1205, 1213), a killed query or connection (1317, 1927), a read-only server during
 * a fail-over (1290, 1792, 1836).
 */
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1203, 1205, 1213, 1290, 1317, 1792, 1836, 1927]);

const POOL_MESSAGES = new Set([
  "Queue limit reached.",
  "No connections available.",
  "Pool is closed.",
]);

/** Whether `error` means "the database cannot serve this now" rather than a bug. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof RuleError) return false;
  const { code, errno, fatal, message } = asDriverError(error);
  return (
    fatal === true ||
    (typeof code === "string" && UNAVAILABLE_CODES.has(code)) ||
    (typeof errno === "number" && UNAVAILABLE_ERRNOS.has(errno)) ||
    code === "REFATTACHES_NAMED_LOCK_TIMEOUT" ||
    (typeof message === "string" && POOL_MESSAGES.has(message))
  );
}

/**
 * A value the column cannot hold although the spec allows it: ER_DATA_TOO_LONG (1406), e.g. a
 * Note within 65535 characters but over a `text` column's 65535 bytes, and
 * ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (1366), e.g. an emoji in a utf8mb3 column of an older
 * Open Dental database or a multi-byte character cut at the limit. The driver's message names
 * the column and quotes the value; only the column name is kept.
 */
export function unstorableValue(error: unknown): RuleError | undefined {
  const { errno, message } = asDriverError(error);
  if ((errno !== 1406 && errno !== 1366) || typeof message !== "string") return undefined;
  const column = /column (\S+) at row/.exec(message)?.[1]?.split(".").pop()?.replace(/[`'"]/g, "");
  const name = column || "A value";
  return invalid(
    errno === 1406 ? messages.tooLongForColumn(name) : messages.notStorableInColumn(name),
  );
}

/** The error's code only: driver messages can quote a query's values. */
export function errorCode(error: unknown): string {
  const { code, errno } = asDriverError(error);
  if (typeof code === "string") return code;
  if (typeof errno === "number") return `errno ${errno}`;
  return error instanceof Error ? error.name : "unknown error";
}
