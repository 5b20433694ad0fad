// Open Dental's paging of list GETs: Limit and Offset, ordered by the primary key.
import { invalid } from "./errors.js";

/**
 * Open Dental's page size for list GETs: the default, and the maximum unless the deployment
 * raises it (MAX_PAGE_SIZE; Open Dental's local API allows 1000).
 */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * A list query's Limit/Offset as the store takes them, with Open Dental's defaults. The
 * maximum is the deployment's (a setting), so it is checked here rather than in the schema.
 */
export function pageOf(
  { Limit, Offset }: { Limit?: number | undefined; Offset?: number | undefined },
  maxPageSize: number,
) {
  if (Limit !== undefined && Limit > maxPageSize) {
    throw invalid(`Limit must be at most ${maxPageSize}`);
  }
  return { limit: Limit ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize), offset: Offset ?? 0 };
}
