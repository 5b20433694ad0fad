import { randomBytes } from "node:crypto";
import type { Contract } from "./contract.js";
import { type ApiClient, createClient } from "./http.js";
import type { Resource } from "./resources.js";
import type { JsonObject, JsonValue } from "./spec.js";

export interface RunOptions {
  /** The deployment's base URL, including its base path (`https://host/api/v1`). */
  baseUrl: string;
  developerKey: string;
  customerKey: string;
  /**
   * Values by field or parameter name that replace the spec's examples, for deployments whose
   * data differ from the demo data the examples name (e.g. `{ PatNum: 1234 }`).
   */
  fixtures?: Record<string, JsonValue>;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** What a run knows about one resource while it works on it. */
export interface ResourceState {
  /** The item this run created and now updates and deletes. */
  subject?: JsonObject;
  /** Keys of every item this run created and has not deleted yet. */
  created: Set<JsonValue>;
  /** The first listing of the run: the data the run must leave behind. */
  initial?: JsonValue[];
}

export interface RunContext {
  contract: Contract;
  client: ApiClient;
  developerKey: string;
  customerKey: string;
  fixtures: Record<string, JsonValue>;
  /** Marks what this run creates: its referral is named "Contract check <runId>". */
  runId: string;
  states: Map<Resource, ResourceState>;
}

export function createRunContext(contract: Contract, options: RunOptions): RunContext {
  return {
    contract,
    client: createClient({
      baseUrl: options.baseUrl,
      basePath: contract.spec.basePath,
      authHeader: contract.spec.authHeader,
      developerKey: options.developerKey,
      customerKey: options.customerKey,
      timeoutMs: options.timeoutMs ?? 10_000,
    }),
    developerKey: options.developerKey,
    customerKey: options.customerKey,
    fixtures: options.fixtures ?? {},
    runId: randomBytes(4).toString("hex"),
    states: new Map(),
  };
}

export function stateOf(context: RunContext, resource: Resource): ResourceState {
  let state = context.states.get(resource);
  if (state === undefined) {
    state = { created: new Set() };
    context.states.set(resource, state);
  }
  return state;
}
