import { describe, expect, it } from "vitest";
import {
  formatLocalDate,
  formatLocalDateTime,
  isCalendarDate,
  isCalendarDateTime,
  NO_DATE,
} from "./dates.js";

describe("dates", () => {
  it.each([NO_DATE, "2024-02-29", "2023-12-31", "9999-12-31"])("accepts the date %s", (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each([
    "2023-02-29",
    "2023-04-31",
    "2023-13-01",
    "2023-00-10",
    "2023-1-5",
    "0000-01-01",
    "2023-12-05T00:00:00",
  ])("rejects the date %s", (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  it.each([
    ["2023-12-07 11:43:15", true],
    ["2023-12-07 23:59:59", true],
    ["2023-12-07 24:00:00", false],
    ["2023-12-07 11:60:00", false],
    ["2023-12-07T11:43:15", false],
    ["2023-12-07 11:43:15Z", false],
    ["2023-02-30 11:43:15", false],
  ])("date-time %s is valid: %s", (value, valid) => {
    expect(isCalendarDateTime(value)).toBe(valid);
  });

  it("formats local time, zero-padded, without an offset", () => {
    const at = new Date(2023, 0, 5, 7, 3, 9);
    expect(formatLocalDate(at)).toBe("2023-01-05");
    expect(formatLocalDateTime(at)).toBe("2023-01-05 07:03:09");
  });
});
