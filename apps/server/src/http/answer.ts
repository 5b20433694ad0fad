// How resources are written in answers, as Open Dental's serializer writes them: dates and
// date-times in the request's DateFormatString / DateTimeFormatString (default yyyy-MM-dd and
// yyyy-MM-dd HH:mm:ss), and every line break in text (`\r\n`, `\r` or `\n`) as one space, so no
// text field of an answer spans lines. What is stored is not changed.
import { applyDateFormat, type DateFormat, parseDateFormat } from "../domain/date-format.js";

/** The fields of a resource that answers rewrite: a plain list per resource. */
export interface AnswerFields<T> {
  dates: readonly (keyof T & string)[];
  dateTimes: readonly (keyof T & string)[];
  texts: readonly (keyof T & string)[];
}

/** The request's answer formats (query parameters of every operation that answers a resource). */
export interface AnswerFormats {
  DateFormatString?: string | undefined;
  DateTimeFormatString?: string | undefined;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const HAS_LINE_BREAK = /[\r\n]/;

/** Text as answers write it (the spec's SingleLineText): no CR or LF. */
export const SINGLE_LINE = /^[^\r\n]*$/;

/** Text as an answer writes it: each line break one space. */
export const singleLine = (text: string): string =>
  HAS_LINE_BREAK.test(text) ? text.replace(LINE_BREAK, " ") : text;

type Rewrite = (value: string) => string;

/** Writes one resource as the answer to a request with these formats. */
export function answerWriter<T extends object>(
  fields: AnswerFields<T>,
  formats: AnswerFormats = {},
): (item: T) => T {
  // The format parameters were validated by the operation's query schema, so these parse.
  const date = formatter(formats.DateFormatString);
  const dateTime = formatter(formats.DateTimeFormatString);
  const rewrites: [string, Rewrite][] = [
    ...(date ? fields.dates.map((name): [string, Rewrite] => [name, date]) : []),
    ...(dateTime ? fields.dateTimes.map((name): [string, Rewrite] => [name, dateTime]) : []),
    ...fields.texts.map((name): [string, Rewrite] => [name, singleLine]),
  ];
  // Copy only an item that changes: with the default formats and single-line text (the common
  // case, and the hot path's every row) the item is answered as the store made it.
  return (item: T): T => {
    const values = item as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const [name, rewrite] of rewrites) {
      const current = values[name];
      if (typeof current !== "string") continue;
      const written = rewrite(current);
      if (written === current) continue;
      out ??= { ...values };
      out[name] = written;
    }
    return (out ?? item) as T;
  };
}

function formatter(text: string | undefined): Rewrite | undefined {
  if (!text) return undefined;
  const format: DateFormat = parseDateFormat(text);
  return (value) => applyDateFormat(value, format);
}

/** The Location of a resource created by a POST to its collection's path. */
export const locationOf = (collectionPath: string, key: number) => `${collectionPath}/${key}`;
