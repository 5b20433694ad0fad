import { type RunContext, stateOf } from "./context.js";
import { isObject, resolve } from "./contract.js";
import type { ApiRequest } from "./http.js";
import type { Resource, Role } from "./resources.js";
import type { JsonObject, JsonValue, Operation, Schema } from "./spec.js";
import { exampleValue, toWire } from "./values.js";

/** A valid request of one operation, in parts a check can alter one at a time. */
export interface BaseRequest {
  pathValues: Record<string, string>;
  query: [string, string][];
  body?: JsonObject;
}

/**
 * Pairs of fields of which a request gives exactly one: a refattach names its referral by key
 * or by name. The spec can only say this in prose, so it is written down here.
 */
const ALTERNATIVES: { key: string; name: string }[] = [
  { key: "ReferralNum", name: "referralName" },
];

/** The field that must be left out when `field` is sent, if it belongs to a pair. */
export function alternativeOf(field: string): string | undefined {
  for (const { key, name } of ALTERNATIVES) {
    if (field === key) return name;
    if (field === name) return key;
  }
  return undefined;
}

/** A valid value for a field or parameter: the user's fixture, else the spec's examples. */
export function knownValue(
  context: RunContext,
  name: string,
  schema: Schema,
  example?: JsonValue,
): JsonValue {
  const fixture = context.fixtures[name];
  if (fixture !== undefined) return fixture;
  return example ?? context.contract.exampleValues.get(name) ?? exampleValue(schema);
}

function bodyProperties(context: RunContext, operation: Operation): Record<string, Schema> {
  const schema = operation.requestBody?.content.schema?.schema;
  return schema === undefined ? {} : (resolve(context.contract, schema).properties ?? {});
}

/** The operation's documented request example with the run's fixtures applied. */
function exampleBody(context: RunContext, operation: Operation): JsonObject {
  const properties = bodyProperties(context, operation);
  const example = operation.requestBody?.content.example;
  let body: JsonObject;
  if (isObject(example)) {
    body = structuredClone(example);
  } else {
    // No example: the required fields with known values make the smallest valid body.
    const schema = operation.requestBody?.content.schema?.schema ?? {};
    body = {};
    for (const name of resolve(context.contract, schema).required ?? []) {
      body[name] = knownValue(context, name, resolve(context.contract, properties[name] ?? {}));
    }
  }
  // Only fields the example gives a value: a fixture points the example at other data, it
  // does not add fields (PatNum would make a new referral a patient's).
  for (const [name, value] of Object.entries(context.fixtures)) {
    if (name in body) body[name] = value;
  }
  return body;
}

/**
 * The body that creates this run's item. Unless the user names an existing referral with a
 * fixture, it names a new one ("Contract check <run id>"): the run then needs no referral to
 * exist, and its attachment cannot collide with one already in a shared sandbox.
 */
export function createBody(context: RunContext, operation: Operation): JsonObject {
  const body = exampleBody(context, operation);
  const properties = bodyProperties(context, operation);
  for (const { key, name } of ALTERNATIVES) {
    if (key in body && context.fixtures[key] === undefined && name in properties) {
      delete body[key];
      body[name] = `Contract check ${context.runId}`;
    }
  }
  return body;
}

/** The documented update example, kept on the referral the item already has. */
export function updateBody(
  context: RunContext,
  operation: Operation,
  subject: JsonObject,
): JsonObject {
  const body = exampleBody(context, operation);
  for (const { key } of ALTERNATIVES) {
    const current = subject[key];
    if (key in body && context.fixtures[key] === undefined && current !== undefined) {
      body[key] = current;
    }
  }
  return body;
}

/** The subject of an item operation; without one (the create check failed) there is nothing to do. */
function requireSubject(context: RunContext, resource: Resource): JsonObject {
  const subject = stateOf(context, resource).subject;
  if (subject === undefined) {
    throw new Error(`no ${resource.collectionPath} item to work on: the create check made none`);
  }
  return subject;
}

/**
 * The item key in an item path: updates and deletes work on the run's own item; a read can fall
 * back to a known one (a read-only run creates none).
 */
function pathValue(
  context: RunContext,
  resource: Resource,
  role: Role,
  name: string,
): JsonValue | undefined {
  if (name !== resource.idName) return undefined;
  if (role === "update" || role === "remove") return requireSubject(context, resource)[name];
  return stateOf(context, resource).subject?.[name];
}

/** A request the spec says is valid, that a check can alter to make it invalid. */
export function baseRequest(
  context: RunContext,
  resource: Resource,
  role: Role,
  operation: Operation,
): BaseRequest {
  const base: BaseRequest = { pathValues: {}, query: [] };
  for (const parameter of operation.parameters) {
    const schema = resolve(context.contract, parameter.schema.schema);
    if (parameter.in === "path") {
      base.pathValues[parameter.name] = toWire(
        pathValue(context, resource, role, parameter.name) ??
          knownValue(context, parameter.name, schema, parameter.example),
      );
    } else if (parameter.in === "query" && parameter.required) {
      const value = knownValue(context, parameter.name, schema, parameter.example);
      base.query.push([parameter.name, toWire(value)]);
    }
  }
  if (role === "create") base.body = createBody(context, operation);
  if (role === "update") {
    base.body = updateBody(context, operation, requireSubject(context, resource));
  }
  return base;
}

export function toApiRequest(operation: Operation, base: BaseRequest): ApiRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(base.pathValues[name] ?? ""),
  );
  return {
    method: operation.method,
    path,
    query: base.query,
    body: base.body === undefined ? undefined : { kind: "json", value: base.body },
    // An operation the spec leaves open is sent without credentials: it must need none.
    ...(!operation.secured && { authorization: null }),
    ...(operation.basePath !== undefined && { basePath: operation.basePath }),
  };
}
