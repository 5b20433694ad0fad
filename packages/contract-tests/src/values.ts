import type { JsonValue, Schema } from "./spec.js";

/** What kind of rule an invalid value breaks; shown in the report. */
export type ViolationKind =
  | "missing required"
  | "wrong type"
  | "outside enum"
  | "malformed"
  | "out of range"
  | "unknown field"
  | "unknown parameter"
  | "read-only field"
  | "content type"
  | "malformed JSON"
  | "missing body"
  | "too few properties";

export interface InvalidValue {
  kind: ViolationKind;
  /** Says what is sent; it quotes only values the checker made up, never one from the data. */
  description: string;
  /** Builds the value from the one the valid request would send, when there is one. */
  value(current: JsonValue | undefined): JsonValue;
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
}

/** A value the schema accepts, for parameters and fields nothing else gives a value to. */
export function exampleValue(schema: Schema): JsonValue {
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.[0] !== undefined) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  switch (typeOf(schema)) {
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "a".repeat(Math.max(schema.minLength ?? 1, 1));
  }
}

const DATE_FORMATS = new Set(["date", "date-time", "time"]);

/**
 * Malformed variants of a date or date-time, derived from the schema's own example so they
 * differ from a valid value in form only. The caller keeps those the spec's schema rejects: a
 * pattern that cannot tell a real date from "02-30" is not tested with one.
 */
function malformedDates(schema: Schema): [string, string][] {
  const example = exampleValue(schema);
  const valid =
    typeof example === "string" && /^\d{4}-\d{2}-\d{2}/.test(example) ? example : "2023-12-05";
  const [year, month, day] = [valid.slice(0, 4), valid.slice(5, 7), valid.slice(8, 10)];
  const time = valid.slice(11) || "00:00:00";
  const rest = valid.slice(10);
  return [
    ["in ISO 8601 form", `${year}-${month}-${day}T${time}.000Z`],
    ["a day that does not exist", `${year}-02-30${rest}`],
    ["in US form", `${month}/${day}/${year}${rest}`],
  ];
}

/**
 * Values that break one rule of `schema`. `wire` says how the value travels: in a JSON body
 * every JSON type can be sent; in a query or path every value is text.
 */
export function invalidValues(schema: Schema, wire: "json" | "text"): InvalidValue[] {
  const type = typeOf(schema);
  const values: InvalidValue[] = [];
  const add = (kind: ViolationKind, description: string, value: InvalidValue["value"]) =>
    values.push({ kind, description, value });

  if (wire === "json") {
    add("wrong type", "null", () => null);
    if (type === "integer" || type === "number") {
      add("wrong type", "the number as a string", (current) =>
        String(current ?? exampleValue(schema)),
      );
    }
    if (type === "integer") {
      add("wrong type", "a fractional number", (current) =>
        typeof current === "number" ? current + 0.5 : 1.5,
      );
    }
    if (type === "string") {
      // An enum sent as its stored number is the classic mistake of an API over a tinyint column.
      const enumIndex = schema.enum === undefined ? 123 : Math.min(1, schema.enum.length - 1);
      add("wrong type", schema.enum ? "the enum's number" : "a number", () => enumIndex);
    }
    if (type === "boolean") add("wrong type", 'the string "true"', () => "true");
    if (type === "object") add("wrong type", "an array", () => []);
    if (type === "array") add("wrong type", "an object", () => ({}));
  } else if (type === "integer" || type === "number") {
    add("wrong type", "text that is not a number", () => "abc");
  } else if (type === "boolean") {
    add("wrong type", "text that is not a boolean", () => "maybe");
  }

  if (schema.enum !== undefined)
    add("outside enum", "a value outside the enum", () => "NotInTheEnum");
  const dateLike = schema.format !== undefined && DATE_FORMATS.has(schema.format);
  if (type === "string" && (dateLike || schema.pattern !== undefined)) {
    for (const [description, text] of malformedDates(schema)) {
      add("malformed", `${description} (${JSON.stringify(text)})`, () => text);
    }
  }

  const asWire = (n: number): JsonValue => (wire === "json" ? n : String(n));
  if (schema.minimum !== undefined) {
    const below = schema.minimum - 1;
    add("out of range", "below the minimum", () => asWire(below));
  }
  if (schema.exclusiveMinimum !== undefined) {
    const at = schema.exclusiveMinimum;
    add("out of range", "at the exclusive minimum", () => asWire(at));
  }
  if (schema.maximum !== undefined) {
    const above = schema.maximum + 1;
    add("out of range", "above the maximum", () => asWire(above));
  }
  if (schema.exclusiveMaximum !== undefined) {
    const at = schema.exclusiveMaximum;
    add("out of range", "at the exclusive maximum", () => asWire(at));
  }
  if (schema.minLength !== undefined && schema.minLength > 0) {
    const short = "a".repeat(schema.minLength - 1);
    add("out of range", "shorter than minLength", () => short);
  }
  if (schema.maxLength !== undefined) {
    const long = "a".repeat(schema.maxLength + 1);
    add("out of range", "longer than maxLength", () => long);
  }
  return values;
}

/** The JSON value a text parameter stands for, so the spec's schema can judge it. */
export function fromWire(schema: Schema, text: string): JsonValue {
  const type = typeOf(schema);
  if (
    (type === "integer" || type === "number") &&
    text.trim() !== "" &&
    !Number.isNaN(Number(text))
  ) {
    return Number(text);
  }
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** The text form of a parameter value. */
export function toWire(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
