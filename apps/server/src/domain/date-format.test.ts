import { describe, expect, it } from "vitest";
import { applyDateFormat, DateFormatError, parseDateFormat } from "./date-format.js";

const write = (value: string, format: string) => applyDateFormat(value, parseDateFormat(format));

describe(".NET custom date formats", () => {
  it.each([
    ["2023-12-05", "MM/dd/yyyy", "12/05/2023"],
    ["2023-12-05", "M/d/yy", "12/5/23"],
    ["2023-01-05", "d.M.y", "5.1.23"],
    ["2023-12-05", "dd.MM.yyyy", "05.12.2023"],
    ["2023-12-05", "ddd, MMM d yyyy", "Tue, Dec 5 2023"],
    ["2023-12-05", "dddd d MMMM yyyy", "Tuesday 5 December 2023"],
    ["2023-12-05", "ddddd MMMMM", "Tuesday December"],
    ["0001-01-01", "MM/dd/yyyy", "01/01/0001"],
    ["0001-01-01", "dddd", "Monday"],
    ["2023-12-05", "yyyyy", "02023"],
    ["2023-12-05", "yyyy-MM-dd HH:mm:ss", "2023-12-05 00:00:00"],
  ])("writes the date %s with %s as %s", (value, format, written) => {
    expect(write(value, format)).toBe(written);
  });

  it.each([
    ["2023-12-07 11:43:15", "dd.MM.yyyy HH:mm", "07.12.2023 11:43"],
    ["2023-12-07 13:04:05", "h:m:s tt", "1:4:5 PM"],
    ["2023-12-07 00:04:05", "hh:mm t", "12:04 A"],
    ["2023-12-07 13:04:05", "HHH:mmm:sss", "13:04:05"],
    ["2023-12-07 13:04:05", "HH:mm:ss.fff", "13:04:05.000"],
    ["2023-12-07 13:04:05", "HH:mm:ss.FFF", "13:04:05"],
    ["2023-12-07 13:04:05", "yyyy-MM-ddTHH:mm:ssK", "2023-12-07T13:04:05"],
    ["2023-12-07 13:04:05", "yyyy g", "2023 A.D."],
  ])("writes the date-time %s with %s as %s", (value, format, written) => {
    expect(write(value, format)).toBe(written);
  });

  it.each([
    // Letters that are not tokens are copied; quotes, backslash and % work as in .NET.
    ["2023-12-05", "YYYY-MM-DD", "YYYY-12-DD"],
    ["2023-12-05", "'Day' d 'of' MMMM", "Day 5 of December"],
    ["2023-12-05", '"yyyy" yyyy', "yyyy 2023"],
    ["2023-12-05", "\\d\\d d", "dd 5"],
    ["2023-12-05", "'it\\'s' d", "it's 5"],
    ["2023-12-05", "%d", "5"],
    ["2023-12-05", "%M", "12"],
    ["2023-12-05", "xd", "x5"],
    ["2023-12-05", "日付 yyyy年", "日付 2023年"],
  ])("writes %s with %s as %s", (value, format, written) => {
    expect(write(value, format)).toBe(written);
  });

  it.each([
    ["d", /standard format 'd'/],
    ["G", /standard format 'G'/],
    ["yyyy 'open", /quote \('\) at position 6 that is never closed/],
    ['"x', /quote \("\) at position 1/],
    ["yyyy\\", /lone backslash/],
    ["yyyy%", /'%' at position 5/],
    ["%%d", /'%' at position 1/],
    ["HH:mm zzz", /'z' \(a UTC offset\)/],
    ["ss.ffffffff", /'ffffffff', which is not a supported format token/],
    ["KK", /'KK'/],
  ])("rejects %s", (format, message) => {
    const attempt = () => parseDateFormat(format);
    expect(attempt).toThrow(DateFormatError);
    expect(attempt).toThrow(message);
  });
});
