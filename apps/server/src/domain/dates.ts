// Open Dental's date conventions, in one place: `yyyy-MM-dd` dates where 0001-01-01 means
// "no date", and `yyyy-MM-dd HH:mm:ss` date-times in the server's local time, no offset.

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
export const NO_DATE = "0001-01-01";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** True for a real calendar day in `yyyy-MM-dd` (2023-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (y < 1) return false;
  // setUTCFullYear (unlike Date.UTC) keeps years below 100, such as 0001, as written.
  const probe = new Date(0);
  probe.setUTCFullYear(y, m - 1, d);
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** True for `yyyy-MM-dd HH:mm:ss` with a real calendar day and a 24-hour time. */
export function isCalendarDateTime(value: string): boolean {
  if (!DATE_TIME_PATTERN.test(value)) return false;
  const [date, time] = value.split(" ") as [string, string];
  const [h, min, s] = time.split(":").map(Number) as [number, number, number];
  return isCalendarDate(date) && h < 24 && min < 60 && s < 60;
}

export function formatLocalDate(at: Date): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function formatLocalDateTime(at: Date): string {
  return `${formatLocalDate(at)} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** The moment a `yyyy-MM-dd HH:mm:ss` local date-time names (the inverse of formatLocalDateTime). */
export function parseLocalDateTime(value: string): Date {
  const [date = "", time = ""] = value.split(" ");
  const [y = 1, m = 1, d = 1] = date.split("-").map(Number);
  const [h = 0, min = 0, s = 0] = time.split(":").map(Number);
  const at = new Date(2000, m - 1, d, h, min, s);
  at.setFullYear(y);
  return at;
}
