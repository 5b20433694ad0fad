import type { RunContext } from "../context.js";
import { type Contract, isObject, resolve } from "../contract.js";
import type { ApiRequest, RequestBody } from "../http.js";
import { alternativeOf, type BaseRequest, baseRequest, toApiRequest } from "../requests.js";
import type { Resource, Role } from "../resources.js";
import {
  escapePointer,
  type JsonValue,
  type Operation,
  type Parameter,
  resolveLocated,
  type Schema,
} from "../spec.js";
import { exampleValue, fromWire, invalidValues, toWire, type ViolationKind } from "../values.js";
import { type Check, declaredResponse, expectRefusal, is4xx } from "./common.js";
import { FORMAT_PARAMETERS, INVALID_FORMAT } from "./formats.js";

/** Names no spec is expected to use, for the unknown-parameter and unknown-field checks. */
const UNKNOWN_PARAMETER = "ContractCheckUnknown";
const UNKNOWN_FIELD = "ContractCheckUnknown";

/** How one negative check turns the valid request into an invalid one. */
type Mutation = (base: BaseRequest) => ApiRequest;

/** One thing wrong with a request, and what the explanation must name, if anything. */
interface NegativeCase {
  where: string;
  kind: ViolationKind;
  what?: string;
  mutate: Mutation;
  names?: string;
}

/**
 * Negative checks generated from the operation's parameters and body schema: each sends the
 * operation's valid request with one thing wrong, and expects a 4xx the spec declares for the
 * operation (401 aside: the key pair is right), a non-empty explanation, and unchanged data.
 */
export function negativeChecks(
  contract: Contract,
  resource: Resource,
  role: Role,
  operation: Operation,
): Check[] {
  const cases = [...parameterCases(contract, operation), ...bodyCases(contract, operation)];
  return cases.map(({ where, kind, what, mutate, names }) => ({
    kind: "negative",
    operation,
    title: `${where}: ${kind}${what === undefined ? "" : `, ${what}`}`,
    run: (context) => refused(context, resource, role, operation, mutate, names),
  }));
}

function parameterCases(contract: Contract, operation: Operation): NegativeCase[] {
  const cases: NegativeCase[] = [];
  for (const parameter of operation.parameters) {
    // Header and cookie parameters would need wire rules of their own; the spec has none.
    if (parameter.in !== "query" && parameter.in !== "path") continue;
    const where = `${parameter.in} ${parameter.name}`;
    if (parameter.required && parameter.in === "query") {
      const mutate: Mutation = (base) =>
        toApiRequest(operation, {
          ...base,
          query: base.query.filter(([n]) => n !== parameter.name),
        });
      cases.push({ where, kind: "missing required", mutate });
    }
    const schema = resolve(contract, parameter.schema.schema);
    for (const invalid of invalidValues(schema, "text")) {
      const text = toWire(invalid.value(undefined));
      if (isValid(contract, parameter.schema.pointer, fromWire(schema, text))) continue;
      const mutate: Mutation = (base) => withParameter(operation, base, parameter, text);
      cases.push({ where, kind: invalid.kind, what: invalid.description, mutate });
    }
  }
  for (const parameter of operation.parameters) {
    if (!(parameter.name in FORMAT_PARAMETERS)) continue;
    cases.push({
      where: `query ${parameter.name}`,
      kind: "malformed",
      what: `${INVALID_FORMAT} (an unclosed quote)`,
      mutate: (base) => withParameter(operation, base, parameter, INVALID_FORMAT),
      names: parameter.name,
    });
  }
  cases.push({
    where: "query",
    kind: "unknown parameter",
    mutate: (base) =>
      toApiRequest(operation, { ...base, query: [...base.query, [UNKNOWN_PARAMETER, "1"]] }),
    names: UNKNOWN_PARAMETER,
  });
  return cases;
}

function bodyCases(contract: Contract, operation: Operation): NegativeCase[] {
  const body = operation.requestBody;
  if (body === undefined) return [];
  const cases: NegativeCase[] = [];
  const located = body.content.schema;
  if (located !== undefined) {
    const { pointer, schema } = resolveLocated(contract.spec.document, located);
    for (const [name, raw] of Object.entries(schema.properties ?? {})) {
      const where = `body ${name}`;
      if (schema.required?.includes(name)) {
        const mutate: Mutation = (base) => withField(operation, base, name, undefined);
        cases.push({ where, kind: "missing required", mutate });
      }
      const propertyPointer = `${pointer}/properties/${escapePointer(name)}`;
      for (const invalid of invalidValues(resolve(contract, raw), "json")) {
        if (isValid(contract, propertyPointer, invalid.value(undefined))) continue;
        const mutate: Mutation = (base) =>
          withField(operation, base, name, invalid.value(base.body?.[name]));
        cases.push({ where, kind: invalid.kind, what: invalid.description, mutate });
      }
    }
    if (schema.additionalProperties === false) {
      const mutate: Mutation = (base) => withField(operation, base, UNKNOWN_FIELD, "x");
      cases.push({ where: "body", kind: "unknown field", mutate, names: UNKNOWN_FIELD });
    }
    for (const [name, value] of readOnlyFields(contract, operation, schema)) {
      const mutate: Mutation = (base) => withField(operation, base, name, value);
      cases.push({ where: `body ${name}`, kind: "read-only field", mutate, names: name });
    }
    if (schema.minProperties !== undefined && schema.minProperties > 0) {
      const keep = schema.minProperties - 1;
      cases.push({
        where: "body",
        kind: "too few properties",
        what: `${keep} of at least ${schema.minProperties}`,
        mutate: (base) =>
          withBody(operation, base, {
            kind: "json",
            value: Object.fromEntries(Object.entries(base.body ?? {}).slice(0, keep)),
          }),
      });
    }
    for (const invalid of invalidValues(schema, "json")) {
      if (invalid.kind !== "wrong type") continue;
      const value = invalid.value(undefined);
      if (isValid(contract, located.pointer, value)) continue;
      const mutate: Mutation = (base) => withBody(operation, base, { kind: "json", value });
      cases.push({ where: "body", kind: "wrong type", what: invalid.description, mutate });
    }
  }
  // Wire-level faults: the body's bytes, not its schema.
  const raw =
    (contentType: string | undefined, text: (json: string) => string): Mutation =>
    (base) =>
      withBody(operation, base, {
        kind: "raw",
        text: text(JSON.stringify(base.body ?? {})),
        contentType,
      });
  const { mediaType } = body.content;
  cases.push(
    {
      where: "body",
      kind: "content type",
      what: "no Content-Type header",
      mutate: raw(undefined, (j) => j),
    },
    {
      where: "body",
      kind: "content type",
      what: "Content-Type text/plain",
      mutate: raw("text/plain", (j) => j),
    },
    { where: "body", kind: "malformed JSON", mutate: raw(mediaType, (j) => j.slice(0, -1)) },
  );
  if (body.required) {
    cases.push({ where: "body", kind: "missing body", mutate: raw(mediaType, () => "") });
  }
  return cases;
}

function isValid(contract: Contract, pointer: string, value: JsonValue): boolean {
  return contract.validator.validate(pointer, value).length === 0;
}

function withParameter(
  operation: Operation,
  base: BaseRequest,
  parameter: Parameter,
  text: string,
) {
  if (parameter.in === "path") {
    return toApiRequest(operation, {
      ...base,
      pathValues: { ...base.pathValues, [parameter.name]: text },
    });
  }
  const query = base.query.filter(([name]) => name !== parameter.name);
  return toApiRequest(operation, { ...base, query: [...query, [parameter.name, text]] });
}

/** The body with one field set (or removed, for `undefined`), and its alternative left out. */
function withField(
  operation: Operation,
  base: BaseRequest,
  name: string,
  value: JsonValue | undefined,
) {
  const body = { ...base.body };
  const alternative = alternativeOf(name);
  if (alternative !== undefined) delete body[alternative];
  if (value === undefined) delete body[name];
  else body[name] = value;
  return toApiRequest(operation, { ...base, body });
}

function withBody(operation: Operation, base: BaseRequest, body: RequestBody): ApiRequest {
  return { ...toApiRequest(operation, base), body };
}

/**
 * Fields a client must not send in this body: the read-only fields of the resource the operation
 * answers with, and its other fields the body schema does not allow (PatNum on an update), each
 * with a valid value so the only fault is sending it.
 */
function readOnlyFields(
  contract: Contract,
  operation: Operation,
  body: Schema,
): [string, JsonValue][] {
  const success = [...operation.responses.entries()].find(([status]) => status.startsWith("2"));
  const located = success?.[1].content?.schema;
  if (located === undefined) return [];
  const resource = resolve(contract, located.schema);
  const example = success?.[1].content?.example;
  const allowed = body.properties ?? {};
  const fields: [string, JsonValue][] = [];
  for (const [name, raw] of Object.entries(resource.properties ?? {})) {
    const inBody = allowed[name];
    const property = resolve(contract, raw);
    const forbidden =
      inBody === undefined
        ? property.readOnly === true || body.additionalProperties === false
        : resolve(contract, inBody).readOnly === true;
    if (!forbidden) continue;
    fields.push([name, (isObject(example) ? example[name] : undefined) ?? exampleValue(property)]);
  }
  return fields;
}

async function refused(
  context: RunContext,
  resource: Resource,
  role: Role,
  operation: Operation,
  mutate: Mutation,
  names: string | undefined,
) {
  const declared = [...operation.responses.keys()].filter((s) => s.startsWith("4") && s !== "401");
  const request = mutate(baseRequest(context, resource, role, operation));
  return expectRefusal(context, resource, operation, request, {
    accepts: (status) =>
      is4xx(status) && status !== 401 && declaredResponse(operation, status) !== undefined,
    says: `a 4xx the spec declares (${declared.join(", ")})`,
    names,
  });
}
