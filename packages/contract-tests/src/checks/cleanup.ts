import { stateOf } from "../context.js";
import type { Resource } from "../resources.js";
import { canSnapshot, describeDiff, diffSnapshots, sameDiff, takeSnapshot } from "../snapshot.js";
import type { Operation } from "../spec.js";
import { type Check, deleteAllCreated, failure, type Outcome } from "./common.js";

/**
 * The last check of a resource that was written to: what the run created is deleted, and the
 * listing is what it was before the first check, but for the items the API cannot delete
 * (a resource without a DELETE), which the report names.
 */
export function cleanupCheck(resource: Resource, operation: Operation): Check {
  return {
    kind: "cleanup",
    operation,
    title: "deletes what the run created; the data is as the run found it",
    run: async (context): Promise<Outcome> => {
      const left = await deleteAllCreated(context, resource);
      const deletable = resource.operations.has("remove");
      const failures: string[] = [];
      if (deletable && left.length > 0) {
        failures.push(failure(operation, undefined, `could not delete ${left.join(", ")}`));
      }
      const initial = stateOf(context, resource).initial;
      if (canSnapshot(resource) && initial !== undefined) {
        const diff = diffSnapshots(resource, initial, await takeSnapshot(context, resource));
        if (!sameDiff(diff, { added: left, removed: [], changed: [] })) {
          const kept = deletable ? "" : ` but for the ${left.length} item(s) it cannot delete`;
          const detail = `the data should be as before the run${kept}; it differs by ${describeDiff(diff)}`;
          failures.push(failure(operation, undefined, detail));
        }
      }
      const note =
        !deletable && left.length > 0
          ? `left ${left.length} item(s) the API cannot delete: ${resource.idName ?? "key"} ${left.join(", ")}`
          : undefined;
      return { failures, note };
    },
  };
}
