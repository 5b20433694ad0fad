// Resources whose items make the deployment send requests: a subscription's EndPointUrl
// receives the deployment's change events. The checker creates one only with EndPointUrl set
// to a receiver it runs itself on 127.0.0.1 (receiver.ts), or to the user's own
// (`--fixture EndPointUrl=URL`). A deployment that refuses such an address (it allows public
// addresses only, as it should in production) gets those writes skipped, with the reason.
import { explanationOf } from "./checks/common.js";
import type { RunContext } from "./context.js";
import { isObject, resolve } from "./contract.js";
import { startDeliveryReceiver } from "./receiver.js";
import { createBody, toApiRequest } from "./requests.js";
import type { Resource } from "./resources.js";
import { keyOf } from "./snapshot.js";
import type { Operation } from "./spec.js";

/** The body field naming where an item's deliveries go (Open Dental's subscription field). */
export const DELIVERY_URL_FIELD = "EndPointUrl";

/** Whether creating an item of `resource` makes the deployment send requests to a URL. */
export function sendsDeliveries(context: RunContext, resource: Resource): boolean {
  const schema = resource.operations.get("create")?.requestBody?.content.schema?.schema;
  if (schema === undefined) return false;
  return DELIVERY_URL_FIELD in (resolve(context.contract, schema).properties ?? {});
}

/** Write operations left out, and why. */
export interface Skip {
  operations: Operation[];
  reason: string;
}

export interface DeliverySetup {
  /** What cannot be checked on this deployment. */
  skip: Skip[];
  /** Stops the receiver, if one was started. */
  close(): Promise<void>;
}

/**
 * Before a write run: points EndPointUrl at the checker's receiver (unless the user gave one)
 * and finds out, with one subscription created and deleted again, whether the deployment
 * accepts it. Where it does not, every write of those resources is skipped with the reason.
 */
export async function prepareDeliveries(context: RunContext): Promise<DeliverySetup> {
  const resources = context.contract.resources.filter((r) => sendsDeliveries(context, r));
  if (resources.length === 0 || context.fixtures[DELIVERY_URL_FIELD] !== undefined) {
    return { skip: [], close: async () => {} };
  }
  const receiver = await startDeliveryReceiver();
  context.fixtures[DELIVERY_URL_FIELD] = receiver.url;
  const skip: Skip[] = [];
  try {
    for (const resource of resources) {
      const refusal = await tryCreate(context, resource);
      if (refusal === undefined) continue;
      skip.push({
        operations: [...resource.operations.values()].filter((o) => o.method !== "GET"),
        reason:
          `the deployment refuses ${DELIVERY_URL_FIELD} ${receiver.url} (the checker's own ` +
          `receiver): "${refusal}". Allow it (WEBHOOK_ALLOW_PRIVATE_URLS=1 on this project's ` +
          `server) or pass --fixture ${DELIVERY_URL_FIELD}=URL of a receiver of yours to check them`,
      });
    }
  } catch (error) {
    await receiver.close();
    throw error;
  }
  return { skip, close: () => receiver.close() };
}

/** The refusal's explanation, or undefined when the create succeeded (and was undone). */
async function tryCreate(context: RunContext, resource: Resource): Promise<string | undefined> {
  const create = resource.operations.get("create");
  const remove = resource.operations.get("remove");
  if (create === undefined) return undefined;
  const response = await context.client.send(
    toApiRequest(create, { pathValues: {}, query: [], body: createBody(context, create) }),
  );
  if (response.status >= 400 && response.status < 500) return explanationOf(response);
  if (response.status >= 300 || !isObject(response.json)) return undefined;
  const key = keyOf(resource, response.json);
  if (remove !== undefined && resource.idName !== undefined) {
    await context.client.send(
      toApiRequest(remove, { pathValues: { [resource.idName]: String(key) }, query: [] }),
    );
  }
  return undefined;
}
