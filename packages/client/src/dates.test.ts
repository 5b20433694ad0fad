import { afterEach, describe, expect, test } from "vitest";
import { formatDate, formatDateTime, NO_DATE } from "./dates.js";

describe("formatDate and formatDateTime", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  test("write the local date as yyyy-MM-dd and the local time as HH:mm:ss, zero-padded", () => {
    const date = new Date(2023, 11, 5, 9, 3, 7);
    expect(formatDate(date)).toBe("2023-12-05");
    expect(formatDateTime(date)).toBe("2023-12-05 09:03:07");
    expect(formatDateTime(new Date(2024, 0, 1, 0, 0, 0))).toBe("2024-01-01 00:00:00");
    expect(formatDateTime(new Date(2024, 1, 29, 23, 59, 59, 999))).toBe("2024-02-29 23:59:59");
  });

  test("use the local time zone, not UTC", () => {
    process.env.TZ = "America/Denver";
    const instant = new Date("2023-12-06T02:30:00Z");
    expect(formatDate(instant)).toBe("2023-12-05");
    expect(formatDateTime(instant)).toBe("2023-12-05 19:30:00");
    process.env.TZ = "Pacific/Auckland";
    expect(formatDateTime(instant)).toBe("2023-12-06 15:30:00");
  });

  test("pad the year to four digits, so year 1 gives Open Dental's 'no date'", () => {
    const yearOne = new Date(2000, 0, 1);
    yearOne.setFullYear(1);
    expect(formatDate(yearOne)).toBe(NO_DATE);
    expect(NO_DATE).toBe("0001-01-01");
  });

  test("reject an invalid Date and years that do not fit yyyy", () => {
    expect(() => formatDate(new Date("not a date"))).toThrow(RangeError);
    expect(() => formatDateTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatDate(new Date(10000, 0, 1))).toThrow(RangeError);
  });
});
