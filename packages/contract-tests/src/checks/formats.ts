// Open Dental's answer formats (DateFormatString, DateTimeFormatString) and the Location of a
// created item: wire details the schemas alone cannot check.
import type { RunContext } from "../context.js";
import { type Contract, isObject, resolve } from "../contract.js";
import type { ApiResponse } from "../http.js";
import { baseRequest, toApiRequest } from "../requests.js";
import type { Resource, Role } from "../resources.js";
import type { JsonValue, Operation, Schema } from "../spec.js";
import { type Check, conformance, failure, type Outcome } from "./common.js";

/**
 * Open Dental's format parameters, each with a custom format the check asks for, how a
 * default-format value looks in it, and a format no .NET server accepts (an unclosed quote).
 */
export const FORMAT_PARAMETERS = {
  DateFormatString: {
    kind: "date",
    format: "dd.MM.yyyy",
    rewrite: (v: string) => v.replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$3.$2.$1"),
  },
  DateTimeFormatString: {
    kind: "dateTime",
    format: "HH:mm:ss 'on' dd.MM.yyyy",
    rewrite: (v: string) =>
      v.replace(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2})$/, "$4 on $3.$2.$1"),
  },
} as const;

export const INVALID_FORMAT = "'yyyy";

type FormatName = keyof typeof FORMAT_PARAMETERS;
const isFormatName = (name: string): name is FormatName => name in FORMAT_PARAMETERS;

interface DateField {
  kind: "date" | "dateTime";
  /** The default format's pattern: answers without format parameters must match it. */
  pattern: RegExp;
}

/**
 * Whether an answer field holds a date or a date-time, by its schema (or, where a custom
 * format may apply, the branch of its anyOf that is the default format).
 */
function dateField(contract: Contract, raw: Schema): DateField | undefined {
  const schema = resolve(contract, raw);
  const branches = [schema, ...((schema as { anyOf?: Schema[] }).anyOf ?? [])].map((s) =>
    resolve(contract, s),
  );
  for (const branch of branches) {
    if (branch.pattern === undefined) continue;
    const pattern = new RegExp(branch.pattern);
    if (branch.format === "date") return { kind: "date", pattern };
    // A date-time pattern takes a date-time and refuses other text (SingleLineText takes both).
    if (pattern.test("2000-01-01 00:00:00") && !pattern.test("not a date")) {
      return { kind: "dateTime", pattern };
    }
  }
  return undefined;
}

/**
 * For a list or read with format parameters: the answer with custom formats is the default
 * answer with every date and date-time rewritten, and nothing else changed.
 */
export function formatCheck(
  contract: Contract,
  resource: Resource,
  role: Role,
  operation: Operation,
): Check[] {
  const names = operation.parameters.map((p) => p.name).filter(isFormatName);
  if (names.length === 0 || (role !== "list" && role !== "read")) return [];
  const success = [...operation.responses.entries()].find(([status]) => status.startsWith("2"));
  let itemSchema = success?.[1].content?.schema?.schema;
  if (itemSchema === undefined) return [];
  itemSchema = resolve(contract, itemSchema);
  if (itemSchema.type === "array")
    itemSchema = resolve(contract, (itemSchema as { items?: Schema }).items ?? {});
  const fields = new Map<string, DateField>();
  for (const [field, raw] of Object.entries(itemSchema.properties ?? {})) {
    const found = dateField(contract, raw);
    if (found) fields.set(field, found);
  }
  return [
    {
      kind: "positive",
      operation,
      title: `${names.join(" and ")}: dates written in a custom format, nothing else changed`,
      run: async (context: RunContext): Promise<Outcome> => {
        const base = baseRequest(context, resource, role, operation);
        const plain = await context.client.send(toApiRequest(operation, base));
        const custom = await context.client.send(
          toApiRequest(operation, {
            ...base,
            query: [
              ...base.query,
              ...names.map((n): [string, string] => [n, FORMAT_PARAMETERS[n].format]),
            ],
          }),
        );
        const failures = [
          ...defaultFormatFailures(operation, plain, fields),
          ...conformance(context, operation, custom),
        ];
        if (plain.status >= 300 || custom.status >= 300) {
          failures.push(
            failure(operation, custom.status, `expected a 2xx (default: ${plain.status})`),
          );
          return { status: custom.status, failures };
        }
        const expected = rewriteAnswer(plain, fields, names);
        if (JSON.stringify(expected) !== JSON.stringify(custom.json)) {
          failures.push(
            failure(
              operation,
              custom.status,
              `the answer should be the default one with dates as ${names
                .map((n) => `'${FORMAT_PARAMETERS[n].format}'`)
                .join(" and ")}`,
            ),
          );
        }
        return { status: custom.status, failures };
      },
    },
  ];
}

const itemsOf = (json: JsonValue | undefined): JsonValue[] =>
  Array.isArray(json) ? json : json === undefined ? [] : [json];

/** Without format parameters, every date and date-time is in the default format. */
function defaultFormatFailures(
  operation: Operation,
  response: ApiResponse,
  fields: Map<string, DateField>,
): string[] {
  const failures: string[] = [];
  for (const [index, item] of itemsOf(response.json).entries()) {
    if (!isObject(item)) continue;
    for (const [field, { pattern }] of fields) {
      const value = item[field];
      if (typeof value === "string" && !pattern.test(value)) {
        const where = Array.isArray(response.json) ? `body/${index}/${field}` : `body/${field}`;
        failures.push(
          failure(operation, response.status, `${where} is not in the default format ${pattern}`),
        );
      }
    }
  }
  return failures;
}

function rewriteAnswer(
  response: ApiResponse,
  fields: Map<string, DateField>,
  names: FormatName[],
): JsonValue | undefined {
  const rewriteItem = (item: JsonValue): JsonValue => {
    if (!isObject(item)) return item;
    const out = { ...item };
    for (const name of names) {
      const { kind, rewrite } = FORMAT_PARAMETERS[name];
      for (const [field, found] of fields) {
        const value = out[field];
        if (found.kind === kind && typeof value === "string") out[field] = rewrite(value);
      }
    }
    return out;
  };
  const json = response.json;
  return Array.isArray(json)
    ? json.map(rewriteItem)
    : json === undefined
      ? undefined
      : rewriteItem(json);
}

/** A created item's Location must name it: a URL whose path is the item's path. */
export function locationFailures(
  resource: Resource,
  operation: Operation,
  response: ApiResponse,
  key: JsonValue,
): string[] {
  const location = response.headers.get("location");
  if (location === null) return [];
  const itemPath = `${resource.collectionPath}/${encodeURIComponent(String(key))}`;
  let path: string;
  try {
    path = new URL(location, "http://location.check/").pathname;
  } catch {
    path = "";
  }
  if (path.endsWith(itemPath)) return [];
  return [failure(operation, response.status, `Location '${location}' does not name ${itemPath}`)];
}
