import type { Operation } from "./spec.js";

/** What an operation does to its resource, read from its method and path shape. */
export type Role = "list" | "create" | "read" | "update" | "remove";

/** A collection path (`/refattaches`) with the operations on it and on its items. */
export interface Resource {
  collectionPath: string;
  /** The item path's parameter (`RefAttachNum`), also the key field of the items. */
  idName?: string;
  operations: Map<Role, Operation>;
}

/** The order checks run in: each later role works on the item the create made. */
const ROLE_ORDER: Role[] = ["list", "create", "read", "update", "remove"];

function roleOf(method: string, isItem: boolean): Role | undefined {
  if (!isItem) return method === "GET" ? "list" : method === "POST" ? "create" : undefined;
  if (method === "GET") return "read";
  if (method === "PUT" || method === "PATCH") return "update";
  return method === "DELETE" ? "remove" : undefined;
}

/**
 * Groups the spec's operations by resource. Operations that fit none of the roles are returned
 * apart, so the report can say they were not checked instead of skipping them silently.
 */
export function groupResources(operations: Operation[]): {
  resources: Resource[];
  uncovered: Operation[];
} {
  const byPath = new Map<string, Resource>();
  const uncovered: Operation[] = [];
  for (const operation of operations) {
    const item = /^(.*)\/\{([^}]+)\}$/.exec(operation.path);
    const collectionPath = item?.[1] ?? operation.path;
    const role = roleOf(operation.method, item !== null);
    let resource = byPath.get(collectionPath);
    if (resource === undefined) {
      resource = { collectionPath, operations: new Map() };
      byPath.set(collectionPath, resource);
    }
    if (role === undefined || resource.operations.has(role)) {
      uncovered.push(operation);
      continue;
    }
    resource.operations.set(role, operation);
    if (item?.[2] !== undefined) resource.idName = item[2];
  }
  for (const resource of byPath.values()) {
    resource.operations = new Map(
      ROLE_ORDER.flatMap((role) => {
        const operation = resource.operations.get(role);
        return operation === undefined ? [] : [[role, operation] as const];
      }),
    );
  }
  return { resources: [...byPath.values()], uncovered };
}
