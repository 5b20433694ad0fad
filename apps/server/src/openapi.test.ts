// The document the server generates from its zod routes must say what the hand-authored spec
// says. Both are reduced to the parts that define behaviour (operations and webhooks,
// parameters, bodies, responses, component schemas); prose such as descriptions and examples
// is left out.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { assembleApp, openApiDocument } from "./app.js";
import { openStore } from "./store/open.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const specPath = createRequire(import.meta.url).resolve("@refattaches/openapi/openapi.yaml");
const spec = parse(readFileSync(specPath, "utf8")) as JsonObject;

const SCHEMA_KEYS = [
  "type",
  "format",
  "pattern",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "default",
  "readOnly",
  "additionalProperties",
] as const;
const METHODS = ["get", "put", "post", "delete", "patch"];

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function resolver(doc: JsonObject) {
  const resolve = (value: Json | undefined): Json | undefined => {
    if (!isObject(value) || typeof value.$ref !== "string") return value;
    const target = value.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), doc);
    if (target === undefined) throw new Error(`Unresolvable ${value.$ref}`);
    const { $ref: _, ...siblings } = value;
    return { ...(resolve(target) as JsonObject), ...siblings };
  };
  return resolve;
}

function normalize(doc: JsonObject) {
  const resolve = resolver(doc);
  const schema = (value: Json | undefined): Json => {
    const s = resolve(value);
    if (!isObject(s)) return null;
    const out: JsonObject = {};
    for (const key of SCHEMA_KEYS) if (s[key] !== undefined) out[key] = s[key];
    if (Array.isArray(s.required)) out.required = [...s.required].sort() as Json[];
    if (s.items !== undefined) out.items = schema(s.items);
    if (Array.isArray(s.anyOf)) out.anyOf = s.anyOf.map(schema);
    if (isObject(s.properties)) {
      // Entries keep the order: Open Dental's JSON field order is part of the contract.
      out.properties = Object.entries(s.properties).map(([name, p]) => [name, schema(p)]);
    }
    return out;
  };
  /** A response's headers: which it names, and whether each is required. */
  const headers = (value: Json | undefined): Json =>
    Object.fromEntries(
      Object.entries(isObject(value) ? value : {})
        .map(([name, h]) => [name, (resolve(h) as JsonObject).required ?? false] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const content = (value: Json | undefined): Json => {
    const c = resolve(value);
    if (!isObject(c)) return null;
    return Object.fromEntries(
      Object.entries(c).map(([type, media]) => [
        type,
        schema(isObject(media) ? media.schema : null),
      ]),
    );
  };

  const operations: JsonObject = {};
  // The paths the server serves, and the webhooks it sends (by name, as `webhook <name>`).
  const items = [
    ...Object.entries(doc.paths as JsonObject),
    ...Object.entries((doc.webhooks as JsonObject | undefined) ?? {}).map(
      ([name, item]): [string, Json] => [`webhook ${name}`, item],
    ),
  ];
  for (const [path, rawItem] of items) {
    const item = resolve(rawItem) as JsonObject;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const params = [
        ...((item.parameters as Json[] | undefined) ?? []),
        ...((op.parameters as Json[] | undefined) ?? []),
      ].map((p) => resolve(p) as JsonObject);
      const body = resolve(op.requestBody);
      operations[`${method.toUpperCase()} ${path}`] = {
        operationId: op.operationId ?? null,
        parameters: params
          .map((p) => ({
            name: p.name ?? null,
            in: p.in ?? null,
            required: p.required ?? false,
            schema: schema(p.schema),
          }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
        requestBody: isObject(body)
          ? { required: body.required ?? false, content: content(body.content) }
          : null,
        responses: Object.fromEntries(
          Object.entries(op.responses as JsonObject).map(([status, r]) => {
            const response = resolve(r) as JsonObject;
            return [
              status,
              { content: content(response.content), headers: headers(response.headers) },
            ];
          }),
        ),
      };
    }
  }
  const components = (doc.components as JsonObject | undefined) ?? {};
  const schemas = Object.fromEntries(
    Object.entries((components.schemas as JsonObject | undefined) ?? {}).map(([name, s]) => [
      name,
      schema(s),
    ]),
  );
  return { operations, schemas, securitySchemes: components.securitySchemes ?? null };
}

describe("generated OpenAPI document vs openapi/openapi.yaml", () => {
  const expected = normalize(spec);
  let actual: ReturnType<typeof normalize>;
  let probePaths: string[];

  beforeAll(async () => {
    const store = await openStore("sqlite::memory:");
    const config = { openapi: "3.1.0", info: { title: "generated", version: "0" } };
    const assembled = assembleApp({ store, apiKeys: [] });
    const api = openApiDocument(assembled.api, config);
    // The probes live at the server's root, beside the API: the spec gives their paths a
    // server of their own. Together the two documents must say what the spec says.
    const probes = openApiDocument(assembled.probes, config);
    await store.close();
    actual = normalize({
      ...api,
      paths: { ...api.paths, ...probes.paths },
      webhooks: api.webhooks,
      components: {
        ...api.components,
        schemas: { ...api.components?.schemas, ...probes.components?.schemas },
      },
    } as unknown as JsonObject);
    probePaths = Object.keys(probes.paths ?? {});
  });

  it("gives exactly the probes a server of their own, at the root", () => {
    const rooted = Object.entries(spec.paths as JsonObject)
      .filter(([, item]) => isObject(item) && item.servers !== undefined)
      .map(([path, item]) => {
        const [server] = (item as { servers: { url: string }[] }).servers;
        expect(new URL(server?.url ?? "").pathname).toBe("/");
        return path;
      });
    expect(rooted.sort()).toEqual([...probePaths].sort());
  });

  it("declares the same operations", () => {
    expect(Object.keys(actual.operations).sort()).toEqual(Object.keys(expected.operations).sort());
  });

  it.each(Object.keys(expected.operations))("%s matches parameters, body and responses", (key) => {
    expect(actual.operations[key]).toEqual(expected.operations[key]);
  });

  it.each(Object.keys(expected.schemas))("component schema %s matches", (name) => {
    expect(actual.schemas[name]).toEqual(expected.schemas[name]);
  });

  it("declares the ODFHIR security scheme", () => {
    const pick = (s: Json) => {
      const scheme = (s as JsonObject).ODFHIR as JsonObject;
      return { type: scheme.type, in: scheme.in, name: scheme.name };
    };
    expect(pick(actual.securitySchemes)).toEqual(pick(expected.securitySchemes));
  });
});
