import type {
  paths,
  RefAttach,
  RefAttachCreate,
  RefAttachListQuery,
  RefAttachUpdate,
} from "@refattaches/api-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { CallOptions } from "./call-options.js";
import { RefAttachesError } from "./errors.js";
import { type ListAllOptions, paginate } from "./paging.js";
import { createReferralsApi, type ReferralsApi } from "./referrals.js";
import { dataOf } from "./results.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { createSubscriptionsApi, type SubscriptionsApi } from "./subscriptions.js";
import { createTransport } from "./transport.js";

/** Where this project's server listens when started with its defaults (`pnpm start`). */
export const DEFAULT_BASE_URL = "http://localhost:3000/api/v1";

/** Open Dental's cloud API. Pass it as `baseUrl` to talk to Open Dental instead. */
export const OPEN_DENTAL_BASE_URL = "https://api.opendental.com/api/v1";

export interface RefAttachesClientOptions {
  /** The API's base URL, including `/api/v1`. Default: {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Your Open Dental developer key. */
  developerKey: string;
  /** The customer (office) key. */
  customerKey: string;
  /** A fetch to use instead of `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Abort each attempt of a request after this many milliseconds. Default: no timeout. */
  timeoutMs?: number;
  /**
   * Retries of 429, 503 and network errors (honouring `Retry-After`), for GET, PUT and DELETE
   * unless told otherwise. Default: 2 retries; `false` turns them off.
   */
  retry?: RetryOptions | false;
  /**
   * Start this client's requests at least this many milliseconds apart (retries included).
   * Default 0 (off), right for this server and Open Dental's local API. Open Dental's hosted API
   * throttles each customer key: use 1000 (5000 for a read-only developer key).
   */
  minIntervalMs?: number;
}

/** Filters of {@link RefAttachesClient.listAll}: those of `list`, without the paging. */
export type RefAttachFilters = Omit<RefAttachListQuery, "Limit" | "Offset">;

/**
 * `Body` with every key that `Shape` does not declare typed as a message naming that key, so
 * the compile error says which field is wrong (`Type 'string' is not assignable to type
 * "'RefTyp' is not a field of this request"`). TypeScript checks excess keys of object literals
 * only; this also rejects, say, a whole `RefAttach` (with its read-only fields) passed to
 * `update`, which the server would answer with a 400.
 */
export type Exact<Body, Shape> = {
  [Key in keyof Body]: Key extends keyof Shape
    ? Body[Key]
    : `'${Key & string}' is not a field of this request`;
};

/** The raw openapi-fetch client for the spec's `paths`, plus convenience methods that throw. */
export interface RefAttachesClient extends Client<paths> {
  /** One page of refattaches (`GET /refattaches`), ordered by RefAttachNum. */
  list(filters?: RefAttachListQuery, options?: CallOptions): Promise<RefAttach[]>;
  /** Every matching refattach, fetching page after page until a page comes back short. */
  listAll(
    filters?: RefAttachFilters,
    options?: ListAllOptions & CallOptions,
  ): AsyncGenerator<RefAttach, void>;
  /** Attaches a patient to a referral source (`POST /refattaches`). */
  create<Body extends RefAttachCreate>(
    body: Exact<Body, RefAttachCreate>,
    options?: CallOptions,
  ): Promise<RefAttach>;
  /** Changes the given fields of a refattach (`PUT /refattaches/{RefAttachNum}`). */
  update<Changes extends RefAttachUpdate>(
    refAttachNum: RefAttach["RefAttachNum"],
    changes: Exact<Changes, RefAttachUpdate>,
    options?: CallOptions,
  ): Promise<RefAttach>;
  /** Deletes a refattach (`DELETE /refattaches/{RefAttachNum}`). */
  remove(refAttachNum: RefAttach["RefAttachNum"], options?: CallOptions): Promise<void>;
  /** Referral sources: find the ReferralNum to attach, create, rename or hide one. */
  referrals: ReferralsApi;
  /** Change events: have the server POST changed rows to your URL. */
  subscriptions: SubscriptionsApi;
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

function optionalMs(name: string, value: number | undefined, positive: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new RangeError(`${name} must be a ${positive ? "positive" : "non-negative"} number`);
  }
}

/**
 * Creates a client for the RefAttaches API of this server or of Open Dental. Every request
 * carries `Authorization: ODFHIR {developerKey}/{customerKey}`.
 */
export function createRefAttachesClient(options: RefAttachesClientOptions): RefAttachesClient {
  const { baseUrl = DEFAULT_BASE_URL, developerKey, customerKey, timeoutMs } = options;
  // An unset environment variable would otherwise surface as a puzzling 401 on the first call.
  if (!developerKey || !customerKey) {
    throw new TypeError("createRefAttachesClient needs a developerKey and a customerKey");
  }
  optionalMs("timeoutMs", timeoutMs, true);
  optionalMs("minIntervalMs", options.minIntervalMs, false);

  const fetch = createTransport({
    fetch: options.fetch,
    timeoutMs,
    retry: retryPolicy(options.retry),
    minIntervalMs: options.minIntervalMs ?? 0,
  });
  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(odfhirAuthorization(developerKey, customerKey), noContentTypeWithoutBody);

  const list = (filters: RefAttachListQuery = {}, call: CallOptions = {}) =>
    dataOf("listRefAttaches", raw.GET("/refattaches", { ...call, params: { query: filters } }));

  const listAll = (
    filters: RefAttachFilters = {},
    { pageSize, ...call }: ListAllOptions & CallOptions = {},
  ) => paginate((page) => list({ ...filters, ...page }, call), { pageSize });

  return {
    ...raw,
    list,
    listAll,
    referrals: createReferralsApi(raw),
    subscriptions: createSubscriptionsApi(raw),
    create: (body, call = {}) =>
      dataOf("createRefAttach", raw.POST("/refattaches", { ...call, body })),
    update: (refAttachNum, changes, call = {}) =>
      dataOf(
        "updateRefAttach",
        raw.PUT("/refattaches/{RefAttachNum}", {
          ...call,
          params: { path: { RefAttachNum: refAttachNum } },
          body: changes,
        }),
      ),
    async remove(refAttachNum, call = {}) {
      const { error, response } = await raw.DELETE("/refattaches/{RefAttachNum}", {
        ...call,
        params: { path: { RefAttachNum: refAttachNum } },
      });
      if (!response.ok) {
        throw RefAttachesError.fromResponse("deleteRefAttach", response, error);
      }
    },
  };
}
