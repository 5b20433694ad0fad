/**
 * The page size `listAll` uses unless told otherwise: what every server allows (Open Dental's
 * hosted API and this server by default answer at most 100 rows per request).
 */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * The largest `pageSize` the client sends: Open Dental's local API allows 1000, and so does this
 * server when its `MAX_PAGE_SIZE` says so. A server with a lower limit answers a larger `Limit`
 * with a 400, which `listAll` throws as a `RefAttachesError`.
 */
export const MAX_PAGE_SIZE = 1000;

export interface ListAllOptions {
  /** Rows per request, 1 to {@link MAX_PAGE_SIZE}. Default: {@link DEFAULT_PAGE_SIZE}. */
  pageSize?: number | undefined;
}

/**
 * Open Dental's paging: ask with Limit/Offset and keep asking while a page comes back full.
 * `fetchPage` gets the Limit and Offset of each request.
 */
export async function* paginate<Row>(
  fetchPage: (page: { Limit: number; Offset: number }) => Promise<Row[]>,
  { pageSize = DEFAULT_PAGE_SIZE }: ListAllOptions = {},
): AsyncGenerator<Row, void> {
  // Paging stops at a short page, so it relies on the server answering a Limit it cannot honour
  // with a 400 rather than a shorter page; nothing above Open Dental's largest Limit is sent.
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage({ Limit: pageSize, Offset: offset });
    yield* page;
    if (page.length < pageSize) return;
  }
}
