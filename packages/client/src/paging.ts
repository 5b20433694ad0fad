/** The most rows one list request returns, on this server and on Open Dental. */
export const MAX_PAGE_SIZE = 100;

export interface ListAllOptions {
  /** Rows per request, 1 to {@link MAX_PAGE_SIZE}. Default: {@link MAX_PAGE_SIZE}. */
  pageSize?: number;
}

/**
 * Open Dental's paging: ask with Limit/Offset and keep asking while a page comes back full.
 * `fetchPage` gets the Limit and Offset of each request.
 */
export async function* paginate<Row>(
  fetchPage: (page: { Limit: number; Offset: number }) => Promise<Row[]>,
  { pageSize = MAX_PAGE_SIZE }: ListAllOptions = {},
): AsyncGenerator<Row, void> {
  // A page size above what the server returns per page would look like a short last page.
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage({ Limit: pageSize, Offset: offset });
    yield* page;
    if (page.length < pageSize) return;
  }
}
