// Open Dental's dates and date-times carry no offset: they are the server's local time.
// These helpers therefore read the local fields of a Date, never the UTC ones.

/** Open Dental's "no date" value, e.g. for `DateProcComplete`. */
export const NO_DATE = "0001-01-01";

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function localYear(date: Date): number {
  const year = date.getFullYear();
  // Invalid Dates give NaN; years outside 1..9999 cannot be written as `yyyy`.
  if (!(year >= 1 && year <= 9999)) {
    throw new RangeError("Date must be valid and between years 1 and 9999");
  }
  return year;
}

/** Formats the local calendar date of `date` as `yyyy-MM-dd`, e.g. `"2023-12-05"`. */
export function formatDate(date: Date): string {
  return `${pad(localYear(date), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Formats the local date and time of `date` as `yyyy-MM-dd HH:mm:ss`, e.g. `"2023-12-07 11:43:15"`. */
export function formatDateTime(date: Date): string {
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${formatDate(date)} ${time}`;
}
