// How resources are written in answers, as Open Dental's serializer writes them: dates and
// date-times in the request's DateFormatString / DateTimeFormatString (default yyyy-MM-dd and
// yyyy-MM-dd HH:mm:ss), and carriage returns in text as spaces. What is stored is not changed.
import { z } from "@hono/zod-openapi";
import { applyDateFormat, type DateFormat, parseDateFormat } from "../domain/date-format.js";
import { answerDateKind } from "../schemas/common.js";

export interface AnswerFormats {
  DateFormatString?: string | undefined;
  DateTimeFormatString?: string | undefined;
}

type FieldKind = "date" | "dateTime" | "text";

const kindsOf = new WeakMap<z.ZodObject, [string, FieldKind][]>();

/** The fields of a response schema that answers rewrite, found once per schema. */
function rewrittenFields(schema: z.ZodObject): [string, FieldKind][] {
  let fields = kindsOf.get(schema);
  if (!fields) {
    fields = [];
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const kind = answerDateKind(field) ?? (field instanceof z.ZodString ? "text" : undefined);
      if (kind) fields.push([name, kind]);
    }
    kindsOf.set(schema, fields);
  }
  return fields;
}

/** Writes one resource of `schema` as the answer to a request with these formats. */
export function answerWriter(
  schema: z.ZodObject,
  formats: AnswerFormats,
): <T extends object>(item: T) => T {
  // The parameters were validated by the route's query schema, so these parse.
  const date = formats.DateFormatString ? parseDateFormat(formats.DateFormatString) : undefined;
  const dateTime = formats.DateTimeFormatString
    ? parseDateFormat(formats.DateTimeFormatString)
    : undefined;
  const fields = rewrittenFields(schema);
  // Copy only an item that changes: with the default formats and no carriage return (the
  // common case, and the hot path's every row) the item is answered as the store made it.
  return <T extends object>(item: T): T => {
    const fieldsOf = item as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const [name, kind] of fields) {
      const current = fieldsOf[name];
      if (typeof current !== "string") continue;
      const written = rewrite(current, kind, date, dateTime);
      if (written === current) continue;
      out ??= { ...fieldsOf };
      out[name] = written;
    }
    return (out ?? item) as T;
  };
}

/** The Location of a resource created by a POST to its collection's path. */
export const locationOf = (collectionPath: string, key: number) => `${collectionPath}/${key}`;

function rewrite(
  text: string,
  kind: FieldKind,
  date: DateFormat | undefined,
  dateTime: DateFormat | undefined,
): string {
  if (kind === "date") return date ? applyDateFormat(text, date) : text;
  if (kind === "dateTime") return dateTime ? applyDateFormat(text, dateTime) : text;
  return text.replaceAll("\r", " ");
}
