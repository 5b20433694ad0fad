import { isDeepStrictEqual } from "node:util";
import { type RunContext, stateOf } from "../context.js";
import { type Contract, isObject, resolve } from "../contract.js";
import type { ApiResponse } from "../http.js";
import { baseRequest, knownValue, toApiRequest } from "../requests.js";
import type { Resource, Role } from "../resources.js";
import {
  canSnapshot,
  describeDiff,
  diffSnapshots,
  keyOf,
  type SnapshotDiff,
  sameDiff,
  takeSnapshot,
} from "../snapshot.js";
import type { JsonObject, JsonValue, Operation, Schema } from "../spec.js";
import { toWire } from "../values.js";
import { type Check, conformance, failure, type Outcome } from "./common.js";
import { formatCheck, locationFailures } from "./formats.js";
import { lineBreakCheck } from "./line-breaks.js";

/**
 * Positive checks: valid requests built from the spec's examples get a 2xx the spec declares,
 * with a body its schema accepts. Writes round-trip: what was created, updated or deleted is
 * what the list then shows, and nothing else changed.
 */
export function positiveChecks(
  contract: Contract,
  resource: Resource,
  role: Role,
  operation: Operation,
): Check[] {
  const check = (title: string, run: Check["run"]): Check => ({
    kind: "positive",
    operation,
    title,
    run,
  });
  switch (role) {
    case "list":
      return [
        check("without optional parameters", (context) => get(context, resource, role, operation)),
        ...operation.parameters
          .filter((p) => p.in === "query" && !p.required)
          .map((p) =>
            check(`query ${p.name}: a valid value`, (context) => {
              const value = knownValue(
                context,
                p.name,
                resolve(contract, p.schema.schema),
                p.example,
              );
              return get(context, resource, role, operation, [p.name, toWire(value)]);
            }),
          ),
        ...formatCheck(contract, resource, role, operation),
      ];
    case "create":
      return [
        check("the documented example creates an item the list then shows", (context) =>
          write(context, resource, role, operation),
        ),
        ...lineBreakCheck(contract, resource, role, operation),
      ];
    case "read":
      return [
        check("gets the item as the last write returned it", (context) =>
          get(context, resource, role, operation),
        ),
        ...formatCheck(contract, resource, role, operation),
      ];
    case "update":
      return [
        check("the documented example updates the item as the list then shows", (context) =>
          write(context, resource, role, operation),
        ),
        ...lineBreakCheck(contract, resource, role, operation),
      ];
    case "remove":
      return [
        check("deletes the item, which the list then no longer shows", (context) =>
          write(context, resource, role, operation),
        ),
      ];
  }
}

/** A 2xx the spec declares, and everything else the spec says about that response. */
function successFailures(
  context: RunContext,
  operation: Operation,
  response: ApiResponse,
): string[] {
  const failures = conformance(context, operation, response);
  if (response.status < 200 || response.status >= 300) {
    const explanation = typeof response.json === "string" ? ` ("${response.json}")` : "";
    failures.push(failure(operation, response.status, `expected a 2xx${explanation}`));
  }
  return failures;
}

/**
 * The item with only the fields the list's items have in the spec: a write may answer with
 * more (a subscription's signingSecret, shown once) than any later listing shows.
 */
function listedForm(context: RunContext, resource: Resource, item: JsonObject): JsonObject {
  const list = resource.operations.get("list");
  const success = [...(list?.responses.entries() ?? [])].find(([status]) => status.startsWith("2"));
  const located = success?.[1].content?.schema?.schema;
  if (located === undefined) return item;
  const listSchema = resolve(context.contract, located);
  const items = listSchema.type === "array" ? (listSchema as { items?: Schema }).items : undefined;
  const fields = items && resolve(context.contract, items).properties;
  if (fields === undefined) return item;
  return Object.fromEntries(Object.entries(item).filter(([name]) => name in fields));
}

/** Names of the fields whose values differ between two versions of an item. */
function differingFields(a: JsonObject, b: JsonObject): string[] {
  return Object.keys({ ...a, ...b }).filter((name) => !isDeepStrictEqual(a[name], b[name]));
}

/** A list or read: a 2xx with the documented body; a read of the run's item returns it as written. */
async function get(
  context: RunContext,
  resource: Resource,
  role: Role,
  operation: Operation,
  extra?: [string, string],
): Promise<Outcome> {
  const base = baseRequest(context, resource, role, operation);
  if (extra !== undefined) base.query.push(extra);
  const response = await context.client.send(toApiRequest(operation, base));
  const failures = successFailures(context, operation, response);
  const subject = stateOf(context, resource).subject;
  if (role === "read" && subject !== undefined && isObject(response.json)) {
    const fields = differingFields(subject, response.json);
    if (fields.length > 0) {
      const detail = `the item differs from what the last write returned: ${fields.join(", ")}`;
      failures.push(failure(operation, response.status, detail));
    }
  }
  return { status: response.status, failures };
}

const PAST: Record<Role, string> = {
  list: "listed",
  create: "created",
  read: "read",
  update: "updated",
  remove: "deleted",
};

const NO_CHANGE: SnapshotDiff = { added: [], removed: [], changed: [] };

/** The change a write is expected to make to the listing, by the item's key. */
function expectedDiff(role: Role, key: JsonValue): SnapshotDiff {
  if (role === "create") return { ...NO_CHANGE, added: [key] };
  if (role === "remove") return { ...NO_CHANGE, removed: [key] };
  return { ...NO_CHANGE, changed: [key] };
}

async function write(
  context: RunContext,
  resource: Resource,
  role: Role,
  operation: Operation,
): Promise<Outcome> {
  const state = stateOf(context, resource);
  const base = baseRequest(context, resource, role, operation);
  const subjectKey = state.subject === undefined ? undefined : keyOf(resource, state.subject);
  const before = canSnapshot(resource) ? await takeSnapshot(context, resource) : undefined;
  const response = await context.client.send(toApiRequest(operation, base));
  const { status } = response;
  const failures = successFailures(context, operation, response);
  if (status < 200 || status >= 300) return { status, failures };

  // Track the item before judging the response, so cleanup finds it even when the body is wrong.
  let item: JsonObject | undefined;
  if (role === "remove") {
    state.created.delete(subjectKey ?? null);
    state.subject = undefined;
  } else if (isObject(response.json)) {
    item = response.json;
    state.subject = item;
    if (role === "create") {
      state.created.add(keyOf(resource, item));
      failures.push(...locationFailures(resource, operation, response, keyOf(resource, item)));
    }
    // The resource echoes what was sent: a field that comes back different was not stored as sent.
    for (const [name, sent] of Object.entries(base.body ?? {})) {
      if (name in item && !isDeepStrictEqual(item[name], sent)) {
        failures.push(failure(operation, status, `body/${name} is not the value sent`));
      }
    }
  }
  const key = item === undefined ? subjectKey : keyOf(resource, item);
  if (before === undefined || key === undefined) return { status, failures };

  const after = await takeSnapshot(context, resource);
  const expected = expectedDiff(role, key);
  const diff = diffSnapshots(resource, before, after);
  // An update may leave the listing as it was: the same values again, within the one second
  // that DateTStamp resolves. The listed item must still match the response (below).
  const unchangedUpdate = role === "update" && sameDiff(diff, NO_CHANGE);
  if (!sameDiff(diff, expected) && !unchangedUpdate) {
    const detail = `the list should show ${describeDiff(expected)} (the ${PAST[role]} item ${String(key)}), it shows ${describeDiff(diff)}`;
    failures.push(failure(operation, status, detail));
  }
  const listed = after.find((candidate) => isDeepStrictEqual(keyOf(resource, candidate), key));
  // Fields only the write answers (a subscription's signingSecret) are not listed.
  const shown = item && listedForm(context, resource, item);
  if (shown !== undefined && isObject(listed) && !isDeepStrictEqual(listed, shown)) {
    const detail = `the list shows the ${PAST[role]} item differently: ${differingFields(shown, listed).join(", ")}`;
    failures.push(failure(operation, status, detail));
  }
  return { status, failures };
}
