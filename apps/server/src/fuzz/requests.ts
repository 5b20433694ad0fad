// Requests generated from the spec for the fuzz run: every operation, with valid and invalid
// parameters and bodies, odd Unicode, huge numbers, wrong content types and nested junk. Most
// keys name rows that exist, so valid requests really write.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { parse } from "yaml";
import { AUTH } from "../testing/server.js";

export interface FuzzRequest {
  method: string;
  /** Relative to the API's base URL, with the query string. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface SpecSchema {
  $ref?: string;
  type?: string;
  enum?: string[];
  anyOf?: SpecSchema[];
  properties?: Record<string, SpecSchema>;
  required?: string[];
  examples?: unknown[];
}

interface SpecParameter {
  $ref?: string;
  name: string;
  in: string;
  schema?: SpecSchema;
}

interface SpecOperation {
  parameters?: SpecParameter[];
  requestBody?: { content: Record<string, { schema: SpecSchema }> };
}

interface Operation {
  method: string;
  path: string;
  pathParameters: string[];
  query: [string, SpecSchema][];
  body?: { fields: [string, SpecSchema][]; required: string[] };
}

type Spec = {
  paths: Record<string, Record<string, SpecOperation> & { parameters?: SpecParameter[] }>;
};

const specPath = createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");

function operationsOf(spec: Spec): Operation[] {
  const deref = <T extends { $ref?: string }>(value: T): T => {
    if (!value.$ref) return value;
    const target = value.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec) as T;
    return deref(target);
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "post", "put", "delete"]) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: parameters
          .filter((p) => p.in === "query")
          .map((p) => [p.name, deref(p.schema ?? {})]),
        ...(bodySchema && {
          body: {
            fields: Object.entries(deref(bodySchema).properties ?? {}).map(([name, s]) => [
              name,
              deref(s),
            ]),
            required: deref(bodySchema).required ?? [],
          },
        }),
      });
    }
  }
  return operations;
}

/** Keys of rows the demo data and the run create, and a few that do not exist. */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(1, 2, 3, 17, 25, 30, 972, 8, 1192) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 2 ** 63, 1e308, 1.5) },
);

const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  // Lone surrogates and every other code unit.
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\r\n",
    "\u0000",
    "😀",
    "ÜMLAUT",
    "%",
    "_",
    "'; drop table refattach; --",
  ),
  fc.string({ minLength: 60_000, maxLength: 70_000, unit: fc.constantFrom("a", "é", "😀") }),
);

const junk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.constantFrom(1e308, -0, 2 ** 63, Number.MAX_SAFE_INTEGER + 2),
    oddText,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const wireDate = fc.oneof(
  fc
    .date({ min: new Date("0001-01-01"), max: new Date("9999-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom("0001-01-01", "2023-02-29", "2024-02-29", "2023-12-05T00:00:00Z", "12/05/2023"),
);

/** A value for a field or parameter of this schema: usually valid, sometimes anything. */
function valueFor(name: string, schema: SpecSchema): fc.Arbitrary<unknown> {
  const refs = [schema.$ref, ...(schema.anyOf ?? []).map((s) => s.$ref)].join(" ");
  let valid: fc.Arbitrary<unknown>;
  if (schema.enum) valid = fc.constantFrom(...schema.enum);
  else if (["ProcNum", "ProvNum", "Specialty"].includes(name)) {
    // Non-zero ones must name a matching row; mostly "none", so writes get through.
    valid = fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: key });
  } else if (/Key$|Num$/.test(name) || schema.type === "integer") valid = key;
  else if (/Date"?$|\/Date\b/.test(refs) || name.startsWith("Date") || name === "RefDate") {
    valid = name === "DateTStamp" ? wireDate.map((d) => `${d} 10:13:12`) : wireDate;
  } else if (name.endsWith("FormatString")) {
    valid = fc.constantFrom(
      "MM/dd/yyyy",
      "dd.MM.yyyy HH:mm",
      "d",
      "'x",
      "zzz",
      "yyyy\\",
      "%",
      "fffffffff",
    );
  } else if (name === "EndPointUrl") {
    // Literal addresses and localhost only: no host name is ever looked up in DNS.
    valid = fc.oneof(
      fc.constantFrom(
        "http://127.0.0.1:9/hook",
        "https://localhost:9/hook?x=1",
        "http://[::1]:9/",
        "http://10.1.2.3/",
        "ftp://127.0.0.1/",
        "http://user:pw@127.0.0.1/",
      ),
      oddText,
    );
  } else if (name === "referralName" || name === "LName") {
    valid = fc.oneof(fc.constantFrom("Bokish", "bokish", "Fuzz ref", "ümlaut"), oddText);
  } else valid = oddText;
  return fc.oneof({ weight: 15, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/json ; x=y",
      "APPLICATION/JSON;",
      "application/json; charset=latin1",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonx",
      "",
    ),
  },
);

const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant(AUTH) },
  { weight: 1, arbitrary: fc.constantFrom("", "ODFHIR x", "ODFHIR a/b", "Bearer y", `${AUTH} `) },
);

function bodyFor({ fields, required }: NonNullable<Operation["body"]>) {
  const values = Object.fromEntries(fields.map(([name, schema]) => [name, valueFor(name, schema)]));
  // Mostly with the required fields, so many bodies reach the rules.
  const known = fc.oneof(
    { weight: 4, arbitrary: fc.record(values, { requiredKeys: required }) },
    { weight: 1, arbitrary: fc.record(values, { requiredKeys: [] }) },
  );
  const extra = fc.dictionary(
    fc.constantFrom("ItemOrder", "RefAttachNum", "DateTStamp", "Foo", "patnum", ""),
    junk,
    { maxKeys: 2 },
  );
  const json = fc
    .tuple(
      known,
      fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }),
    )
    .map(([a, b]) => JSON.stringify({ ...a, ...b }));
  return fc.oneof(
    { weight: 12, arbitrary: json },
    { weight: 1, arbitrary: junk.map((v) => JSON.stringify(v) ?? "") },
    { weight: 1, arbitrary: json.map((text) => text.slice(0, Math.floor(text.length / 2))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          json,
          fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => b.map((x) => x | 0x80)),
        )
        .map(([text, bad]) => {
          const bytes = new TextEncoder().encode(text);
          return new Uint8Array([...bytes.slice(0, -1), ...bad, ...bytes.slice(-1)]);
        }),
    },
  );
}

function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathValues = fc.tuple(
    ...op.pathParameters.map(() =>
      fc.oneof(
        { weight: 8, arbitrary: key.map(String) },
        {
          weight: 1,
          arbitrary: fc.constantFrom("abc", "%00", "1e3", "99999999999999999999", "", "1%0A"),
        },
      ),
    ),
  );
  const query = fc.subarray(op.query).chain((chosen) =>
    fc.tuple(
      ...chosen.map(([name, schema]) =>
        // Node answers a request line over 16 KB with its own bodyless 431 before the app
        // sees it, so query values stay short; bodies carry the huge texts.
        valueFor(name, schema).map((v): [string, string] => [
          name,
          (typeof v === "string" ? v : (JSON.stringify(v) ?? "")).slice(0, 2_000),
        ]),
      ),
    ),
  );
  const strayQuery = fc.oneof(
    { weight: 10, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<[string, string][]>(
        [["Foo", "1"]],
        [["", "x"]],
        [["patnum", "25"]],
      ),
    },
  );
  return fc
    .record({
      pathValues,
      query,
      strayQuery,
      authorization,
      contentType,
      body: op.body ? bodyFor(op.body) : fc.constant(undefined),
    })
    .map(({ pathValues, query, strayQuery, authorization, contentType, body }) => {
      let path = op.path;
      op.pathParameters.forEach((name, i) => {
        path = path.replace(`{${name}}`, pathValues[i] ?? "");
      });
      const search = new URLSearchParams([...query, ...strayQuery]).toString();
      const headers: Record<string, string> = {};
      if (authorization) headers.Authorization = authorization;
      if (body !== undefined && contentType) headers["Content-Type"] = contentType;
      return {
        method: op.method,
        path: search ? `${path}?${search}` : path,
        headers,
        ...(body !== undefined && { body }),
      };
    });
}

/** Any request of any operation the spec declares. */
export function fuzzRequests(): fc.Arbitrary<FuzzRequest> {
  const spec = parse(readFileSync(specPath, "utf8")) as Spec;
  return fc.oneof(...operationsOf(spec).map(requestFor));
}

/** How a failing request is printed: the body's bytes as text, cut short. */
export function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ""
      : ` body ${JSON.stringify(
          typeof request.body === "string"
            ? request.body.slice(0, 300)
            : [...request.body.slice(0, 100)],
        )}`;
  const path = request.path.length > 300 ? `${request.path.slice(0, 300)}...` : request.path;
  return `${request.method} ${path} headers ${JSON.stringify(request.headers)}${body}`;
}
