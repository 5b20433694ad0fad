// Open Dental's DateFormatString and DateTimeFormatString: .NET custom date and time format
// strings (`MM/dd/yyyy`, `dd.MM.yyyy HH:mm`), applied to the `yyyy-MM-dd` dates and
// `yyyy-MM-dd HH:mm:ss` date-times of an answer. The rules are .NET's for the invariant
// culture: format letters are replaced, `'...'`, `"..."`, `\x` and `%x` work as in .NET, and
// every other character (including letters that are not format tokens) is copied as it is.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The parts of a stored date or date-time; dates have a time of 00:00:00. */
interface Moment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

type Part = string | { letter: string; count: number };

/** A parsed format string, applied to many values. */
export interface DateFormat {
  readonly parts: readonly Part[];
}

/** Why a format string cannot be used; the caller names the parameter in front of it. */
export class DateFormatError extends Error {
  override name = "DateFormatError";
}

/** Letters with a meaning in .NET custom formats, and the longest run each accepts. */
const TOKENS: Record<string, number> = {
  d: Infinity,
  f: 7,
  F: 7,
  g: Infinity,
  h: Infinity,
  H: Infinity,
  K: 1,
  m: Infinity,
  M: Infinity,
  s: Infinity,
  t: Infinity,
  y: Infinity,
};

/**
 * .NET reads a one-character format as a standard format ("d" = the culture's short date), so
 * its result depends on the server's culture; only custom formats are supported.
 */
function rejectStandardFormat(text: string): void {
  if (text.length !== 1) return;
  throw new DateFormatError(
    `is the one-character standard format '${text}', which depends on the server's culture; ` +
      `write a custom format such as MM/dd/yyyy (or %${text} for that one token)`,
  );
}

export function parseDateFormat(text: string): DateFormat {
  rejectStandardFormat(text);
  const parts: Part[] = [];
  const literal = (s: string) => {
    const last = parts.at(-1);
    if (typeof last === "string") parts[parts.length - 1] = last + s;
    else parts.push(s);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let quoted = "";
      while (j < text.length && text[j] !== ch) {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        quoted += text[j];
        j++;
      }
      if (j >= text.length) {
        throw new DateFormatError(`has a quote (${ch}) at position ${i + 1} that is never closed`);
      }
      literal(quoted);
      i = j + 1;
    } else if (ch === "\\") {
      if (i + 1 >= text.length) throw new DateFormatError("ends with a lone backslash");
      literal(text[i + 1] as string);
      i += 2;
    } else if (ch === "%") {
      // %x: the single letter x as a format token (how a one-letter format is written).
      const next = text[i + 1];
      if (next === undefined || next === "%") {
        throw new DateFormatError(`has a '%' at position ${i + 1} that is not followed by a token`);
      }
      i += 1;
    } else if (ch === "z") {
      throw new DateFormatError(
        "uses 'z' (a UTC offset), which is not supported: the API's date-times carry no offset",
      );
    } else if (ch in TOKENS) {
      let count = 1;
      while (text[i + count] === ch) count++;
      const max = TOKENS[ch] as number;
      if (count > max) {
        throw new DateFormatError(
          `uses '${ch.repeat(count)}', which is not a supported format token (at most ${max} '${ch}')`,
        );
      }
      parts.push({ letter: ch, count });
      i += count;
    } else {
      // Any other character is itself, including ':' and '/': .NET's time and date separators,
      // which the invariant culture writes as these same characters.
      literal(ch);
      i += 1;
    }
  }
  return { parts };
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function dayOfWeek({ year, month, day }: Moment): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  return probe.getUTCDay();
}

function token(letter: string, count: number, at: Moment): string {
  switch (letter) {
    case "d":
      if (count <= 2) return pad(at.day, count);
      return count === 3
        ? (DAYS[dayOfWeek(at)] as string).slice(0, 3)
        : (DAYS[dayOfWeek(at)] as string);
    case "M":
      if (count <= 2) return pad(at.month, count);
      return count === 3
        ? (MONTHS[at.month - 1] as string).slice(0, 3)
        : (MONTHS[at.month - 1] as string);
    case "y":
      if (count === 1) return String(at.year % 100);
      if (count === 2) return pad(at.year % 100, 2);
      return pad(at.year, count);
    case "h":
      return pad(at.hour % 12 || 12, Math.min(count, 2));
    case "H":
      return pad(at.hour, Math.min(count, 2));
    case "m":
      return pad(at.minute, Math.min(count, 2));
    case "s":
      return pad(at.second, Math.min(count, 2));
    case "t":
      return (at.hour < 12 ? "AM" : "PM").slice(0, count === 1 ? 1 : 2);
    case "f":
      // Stored date-times have whole seconds: every fraction digit is 0.
      return "0".repeat(count);
    case "g":
      return "A.D.";
    default:
      // F (fraction without trailing zeros) and K (offset of a value with no time zone) are
      // empty for these values, as in .NET.
      return "";
  }
}

function moment(value: string): Moment {
  const [year, month, day, hour, minute, second] = value.split(/[- :]/).map(Number);
  return {
    year: year ?? 1,
    month: month ?? 1,
    day: day ?? 1,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  };
}

/** `value` (`yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`) written as `format` says. */
export function applyDateFormat(value: string, format: DateFormat): string {
  const at = moment(value);
  let out = "";
  for (const part of format.parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const written = token(part.letter, part.count, at);
    // .NET drops the decimal point before an F run that writes nothing.
    if (part.letter === "F" && written === "" && out.endsWith(".")) out = out.slice(0, -1);
    out += written;
  }
  return out;
}
