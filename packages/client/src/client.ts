import type {
  paths,
  RefAttach,
  RefAttachCreate,
  RefAttachListQuery,
  RefAttachUpdate,
} from "@refattaches/api-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { RefAttachesError, type RefAttachesOperation } from "./errors.js";

/** Where this project's server listens when started with its defaults (`pnpm start`). */
export const DEFAULT_BASE_URL = "http://localhost:3000/api/v1";

/** Open Dental's cloud API. Pass it as `baseUrl` to talk to Open Dental instead. */
export const OPEN_DENTAL_BASE_URL = "https://api.opendental.com/api/v1";

/** The most rows one list request returns, on this server and on Open Dental. */
export const MAX_PAGE_SIZE = 100;

export interface RefAttachesClientOptions {
  /** The API's base URL, including `/api/v1`. Default: {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Your Open Dental developer key. */
  developerKey: string;
  /** The customer (office) key. */
  customerKey: string;
  /** A fetch to use instead of `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Filters of {@link RefAttachesClient.listAll}: those of `list`, without the paging. */
export type RefAttachFilters = Omit<RefAttachListQuery, "Limit" | "Offset">;

export interface ListAllOptions {
  /** Rows per request, 1 to {@link MAX_PAGE_SIZE}. Default: {@link MAX_PAGE_SIZE}. */
  pageSize?: RefAttachListQuery["Limit"];
}

/**
 * `Body` with every key that `Shape` does not declare typed `never`. TypeScript checks excess
 * keys of object literals only; this also rejects, say, a whole `RefAttach` (with its
 * read-only fields) passed to `update`, which the server would answer with a 400.
 */
export type Exact<Body, Shape> = Body & { [Key in Exclude<keyof Body, keyof Shape>]: never };

/** The raw openapi-fetch client for the spec's `paths`, plus convenience methods that throw. */
export interface RefAttachesClient extends Client<paths> {
  /** One page of refattaches (`GET /refattaches`), ordered by RefAttachNum. */
  list(filters?: RefAttachListQuery): Promise<RefAttach[]>;
  /** Every matching refattach, fetching page after page until a page comes back short. */
  listAll(filters?: RefAttachFilters, options?: ListAllOptions): AsyncGenerator<RefAttach, void>;
  /** Attaches a patient to a referral source (`POST /refattaches`). */
  create<Body extends RefAttachCreate>(body: Exact<Body, RefAttachCreate>): Promise<RefAttach>;
  /** Changes the given fields of a refattach (`PUT /refattaches/{RefAttachNum}`). */
  update<Changes extends RefAttachUpdate>(
    refAttachNum: RefAttach["RefAttachNum"],
    changes: Exact<Changes, RefAttachUpdate>,
  ): Promise<RefAttach>;
  /** Deletes a refattach (`DELETE /refattaches/{RefAttachNum}`). */
  remove(refAttachNum: RefAttach["RefAttachNum"]): Promise<void>;
}

function odfhirAuthorization(developerKey: string, customerKey: string): Middleware {
  const authorization = `ODFHIR ${developerKey}/${customerKey}`;
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", authorization);
    },
  };
}

// openapi-fetch 0.17 sets Content-Type only with a body, but earlier versions set it on every
// request and a raw call may pass one in `headers`. A request without a body never needs it.
const noContentTypeWithoutBody: Middleware = {
  onRequest({ request }) {
    if (request.body === null) {
      request.headers.delete("Content-Type");
    }
  },
};

interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

async function dataOf<Data>(
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

/**
 * Creates a client for the RefAttaches API of this server or of Open Dental. Every request
 * carries `Authorization: ODFHIR {developerKey}/{customerKey}`.
 */
export function createRefAttachesClient(options: RefAttachesClientOptions): RefAttachesClient {
  const { baseUrl = DEFAULT_BASE_URL, developerKey, customerKey, fetch } = options;
  // An unset environment variable would otherwise surface as a puzzling 401 on the first call.
  if (!developerKey || !customerKey) {
    throw new TypeError("createRefAttachesClient needs a developerKey and a customerKey");
  }

  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(odfhirAuthorization(developerKey, customerKey), noContentTypeWithoutBody);

  const list = (filters: RefAttachListQuery = {}) =>
    dataOf("listRefAttaches", raw.GET("/refattaches", { params: { query: filters } }));

  async function* listAll(
    filters: RefAttachFilters = {},
    { pageSize = MAX_PAGE_SIZE }: ListAllOptions = {},
  ): AsyncGenerator<RefAttach, void> {
    // A page size above what the server returns per page would look like a short last page.
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    for (let offset = 0; ; offset += pageSize) {
      const page = await list({ ...filters, Limit: pageSize, Offset: offset });
      yield* page;
      if (page.length < pageSize) {
        return;
      }
    }
  }

  return {
    ...raw,
    list,
    listAll,
    create: (body) => dataOf("createRefAttach", raw.POST("/refattaches", { body })),
    update: (refAttachNum, changes) =>
      dataOf(
        "updateRefAttach",
        raw.PUT("/refattaches/{RefAttachNum}", {
          params: { path: { RefAttachNum: refAttachNum } },
          body: changes,
        }),
      ),
    async remove(refAttachNum) {
      const { error, response } = await raw.DELETE("/refattaches/{RefAttachNum}", {
        params: { path: { RefAttachNum: refAttachNum } },
      });
      if (!response.ok) {
        throw RefAttachesError.fromResponse("deleteRefAttach", response, error);
      }
    },
  };
}
