import { isDeepStrictEqual } from "node:util";
import { type RunContext, stateOf } from "./context.js";
import { isObject, resolve } from "./contract.js";
import { createBody } from "./requests.js";
import type { Resource } from "./resources.js";
import type { JsonValue } from "./spec.js";
import { toWire } from "./values.js";

/** Page sizes are read from the list's `Limit` and `Offset` parameters (Open Dental's names). */
const PAGE_SIZE_PARAMETER = "Limit";
const PAGE_OFFSET_PARAMETER = "Offset";
/** Stops a server that ignores `Offset` from keeping the listing going forever. */
const MAX_PAGES = 1000;

/**
 * The filters that keep a listing to the data a run touches: the list's query parameters that
 * are also fields of the body the run creates with (the patient of a refattach), with its values.
 */
function snapshotQuery(context: RunContext, resource: Resource): [string, string][] {
  const list = resource.operations.get("list");
  const create = resource.operations.get("create");
  if (list === undefined || create === undefined) return [];
  const body = createBody(context, create);
  return list.parameters.flatMap((p): [string, string][] => {
    const value = body[p.name];
    return p.in === "query" && value !== undefined ? [[p.name, toWire(value)]] : [];
  });
}

/** Whether a resource can be listed, and so whether a check can see what changed. */
export function canSnapshot(resource: Resource): boolean {
  return resource.operations.has("list");
}

/**
 * Every item of the run's slice of the resource, all pages. The first listing of a run is
 * remembered as the data the run must leave behind.
 */
export async function takeSnapshot(context: RunContext, resource: Resource): Promise<JsonValue[]> {
  const list = resource.operations.get("list");
  if (list === undefined) throw new Error(`${resource.collectionPath} has no list operation`);
  const query = snapshotQuery(context, resource);
  const limit = list.parameters.find((p) => p.in === "query" && p.name === PAGE_SIZE_PARAMETER);
  const paged = list.parameters.some((p) => p.in === "query" && p.name === PAGE_OFFSET_PARAMETER);
  const limitSchema = limit === undefined ? {} : resolve(context.contract, limit.schema.schema);
  const pageSize = paged ? (limitSchema.maximum ?? Number(limitSchema.default ?? 100)) : 0;
  const items: JsonValue[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const pageQuery: [string, string][] = paged
      ? [
          ...query,
          [PAGE_SIZE_PARAMETER, String(pageSize)],
          [PAGE_OFFSET_PARAMETER, String(page * pageSize)],
        ]
      : query;
    const response = await context.client.send({
      method: "GET",
      path: list.path,
      query: pageQuery,
    });
    if (response.status !== 200 || !Array.isArray(response.json)) {
      const answer = `${list.operationId} ${list.method} ${list.path} -> ${response.status}`;
      throw new Error(`cannot list the data to compare (${answer})`);
    }
    items.push(...response.json);
    if (!paged || response.json.length < pageSize) break;
  }
  const state = stateOf(context, resource);
  state.initial ??= items;
  return items;
}

export interface SnapshotDiff {
  added: JsonValue[];
  removed: JsonValue[];
  changed: JsonValue[];
}

export function keyOf(resource: Resource, item: JsonValue): JsonValue {
  return resource.idName !== undefined && isObject(item)
    ? (item[resource.idName] ?? null)
    : JSON.stringify(item);
}

/** Keys of the items added, removed and changed between two listings. */
export function diffSnapshots(
  resource: Resource,
  before: JsonValue[],
  after: JsonValue[],
): SnapshotDiff {
  const beforeByKey = new Map(before.map((item) => [keyOf(resource, item), item]));
  const afterByKey = new Map(after.map((item) => [keyOf(resource, item), item]));
  const diff: SnapshotDiff = { added: [], removed: [], changed: [] };
  for (const [key, item] of afterByKey) {
    if (!beforeByKey.has(key)) diff.added.push(key);
    else if (!isDeepStrictEqual(beforeByKey.get(key), item)) diff.changed.push(key);
  }
  for (const key of beforeByKey.keys()) if (!afterByKey.has(key)) diff.removed.push(key);
  return diff;
}

/** Whether two diffs name the same keys, in any order. */
export function sameDiff(a: SnapshotDiff, b: SnapshotDiff): boolean {
  const sorted = (keys: JsonValue[]) => keys.map((key) => JSON.stringify(key)).sort();
  return (["added", "removed", "changed"] as const).every((part) =>
    isDeepStrictEqual(sorted(a[part]), sorted(b[part])),
  );
}

export function describeDiff(diff: SnapshotDiff): string {
  const parts: string[] = [];
  if (diff.added.length > 0) parts.push(`${diff.added.length} added`);
  if (diff.removed.length > 0) parts.push(`${diff.removed.length} removed`);
  if (diff.changed.length > 0) parts.push(`${diff.changed.length} changed`);
  return parts.length === 0 ? "nothing changed" : parts.join(", ");
}
