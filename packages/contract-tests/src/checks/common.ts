import { type RunContext, stateOf } from "../context.js";
import type { ApiRequest, ApiResponse } from "../http.js";
import { type BaseRequest, toApiRequest } from "../requests.js";
import type { Resource } from "../resources.js";
import { canSnapshot, describeDiff, diffSnapshots, takeSnapshot } from "../snapshot.js";
import type { JsonValue, Operation, ResponseSpec } from "../spec.js";

export type CheckKind = "auth" | "negative" | "positive" | "cleanup";

export interface Outcome {
  /** The status of the request the check is about, if it got that far. */
  status?: number;
  /** The server's explanation of a 4xx, the only part of a body the report repeats. */
  explanation?: string;
  /** What the user should know even though nothing is wrong (e.g. data the API cannot delete). */
  note?: string;
  /** Each says `<operationId> <METHOD path> -> <status>: <what is wrong>`. Empty: passed. */
  failures: string[];
}

export interface Check {
  kind: CheckKind;
  operation: Operation;
  title: string;
  run(context: RunContext): Promise<Outcome>;
}

export function describeOperation(operation: Operation): string {
  return `${operation.operationId} ${operation.method} ${operation.path}`;
}

export function failure(operation: Operation, status: number | undefined, detail: string): string {
  const answer = status === undefined ? "" : ` -> ${status}`;
  return `${describeOperation(operation)}${answer}: ${detail}`;
}

/** The response the spec declares for a status: exact code, then `4XX`-style range, then default. */
export function declaredResponse(operation: Operation, status: number): ResponseSpec | undefined {
  return (
    operation.responses.get(String(status)) ??
    operation.responses.get(`${String(status)[0]}XX`) ??
    operation.responses.get("default")
  );
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/**
 * Everything about a response the spec settles: its status is declared, the declared headers
 * are there, and the body is what the declared media type and schema say (or absent).
 */
export function conformance(
  context: RunContext,
  operation: Operation,
  response: ApiResponse,
): string[] {
  const { status } = response;
  const declared = declaredResponse(operation, status);
  if (declared === undefined) {
    const codes = [...operation.responses.keys()].join(", ");
    return [failure(operation, status, `status ${status} is not declared (declared: ${codes})`)];
  }
  const failures: string[] = [];
  for (const header of declared.requiredHeaders) {
    if (!response.headers.has(header)) {
      failures.push(failure(operation, status, `required header ${header} is missing`));
    }
  }
  const content = declared.content;
  if (content === undefined) {
    if (response.text !== "") {
      failures.push(failure(operation, status, "the spec declares no body, but there is one"));
    }
    return failures;
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.split(";")[0]?.trim().toLowerCase() !== content.mediaType) {
    const got = contentType === "" ? "missing" : `'${contentType}'`;
    failures.push(
      failure(
        operation,
        status,
        `header Content-Type is ${got}, the spec says ${content.mediaType}`,
      ),
    );
  }
  if (!isJsonMediaType(content.mediaType) || content.schema === undefined) return failures;
  if (response.json === undefined) {
    failures.push(failure(operation, status, "body is not JSON"));
    return failures;
  }
  for (const error of context.contract.validator.validate(content.schema.pointer, response.json)) {
    const detail = `body${error.instancePath} ${error.message} (schema: ${error.schemaPath})`;
    failures.push(failure(operation, status, detail));
  }
  return failures;
}

/** The explanation of an error response: the JSON string the spec declares, else the raw text. */
export function explanationOf(response: ApiResponse): string {
  return typeof response.json === "string" ? response.json : response.text;
}

export function is4xx(status: number): boolean {
  return status >= 400 && status < 500;
}

/**
 * Runs `act` between two listings of the resource and reports any difference. What a wrongly
 * accepted request added is deleted again, so a broken server does not litter a shared sandbox.
 */
export async function withDataUnchanged(
  context: RunContext,
  resource: Resource,
  operation: Operation,
  act: () => Promise<Outcome>,
): Promise<Outcome> {
  if (!canSnapshot(resource)) return act();
  const before = await takeSnapshot(context, resource);
  const outcome = await act();
  const diff = diffSnapshots(resource, before, await takeSnapshot(context, resource));
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return outcome;
  const left = await deleteItems(context, resource, diff.added);
  const keys = [...diff.added, ...diff.removed, ...diff.changed].map(String).join(", ");
  let detail = `the data changed: ${describeDiff(diff)} (${resource.idName ?? "items"} ${keys})`;
  if (diff.added.length > 0) {
    detail += left.length === 0 ? "; deleted again" : `; could not delete ${left.join(", ")}`;
  }
  return {
    ...outcome,
    failures: [...outcome.failures, failure(operation, outcome.status, detail)],
  };
}

/**
 * Deletes the items with these keys and forgets them as created; returns the keys it could not
 * delete, which stay on the run's list for the final cleanup.
 */
export async function deleteItems(
  context: RunContext,
  resource: Resource,
  keys: JsonValue[],
): Promise<JsonValue[]> {
  const state = stateOf(context, resource);
  for (const key of keys) state.created.add(key);
  const remove = resource.operations.get("remove");
  if (remove === undefined || resource.idName === undefined) return keys;
  const left: JsonValue[] = [];
  for (const key of keys) {
    const base: BaseRequest = { pathValues: { [resource.idName]: String(key) }, query: [] };
    const response = await context.client.send(toApiRequest(remove, base));
    // A 404 means the item is gone already, which is all this cleanup wants.
    if (response.status < 300 || response.status === 404) state.created.delete(key);
    else left.push(key);
  }
  return left;
}

/** Deletes everything the run created and has not deleted yet; returns what it could not delete. */
export function deleteAllCreated(context: RunContext, resource: Resource): Promise<JsonValue[]> {
  return deleteItems(context, resource, [...stateOf(context, resource).created]);
}

/** Sends a request the server must refuse as `expectation` says, and checks the data stayed as it was. */
export function expectRefusal(
  context: RunContext,
  resource: Resource,
  operation: Operation,
  request: ApiRequest,
  expectation: { accepts: (status: number) => boolean; says: string; names?: string },
): Promise<Outcome> {
  return withDataUnchanged(context, resource, operation, async () => {
    const response = await context.client.send(request);
    const { status } = response;
    const failures = conformance(context, operation, response);
    if (!expectation.accepts(status)) {
      failures.push(failure(operation, status, `expected ${expectation.says}`));
    }
    if (!is4xx(status)) return { status, failures };
    const explanation = explanationOf(response);
    if (explanation.trim() === "") {
      failures.push(failure(operation, status, "the error has no explanation"));
    } else if (expectation.names !== undefined && !explanation.includes(expectation.names)) {
      failures.push(
        failure(operation, status, `the explanation does not name '${expectation.names}'`),
      );
    }
    return { status, explanation, failures };
  });
}
