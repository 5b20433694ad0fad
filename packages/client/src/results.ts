import { RefAttachesError, type RefAttachesOperation } from "./errors.js";

interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; anything else throws {@link RefAttachesError}. */
export async function dataOf<Data>(
  operation: RefAttachesOperation,
  pending: Promise<FetchResult<Data>>,
): Promise<Data> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    throw RefAttachesError.fromResponse(operation, response, error);
  }
  if (data === undefined) {
    throw new RefAttachesError(operation, response.status, "The response has no body");
  }
  return data;
}
