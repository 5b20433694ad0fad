import type {
  paths,
  Referral,
  ReferralCreate,
  ReferralListQuery,
  ReferralUpdate,
} from "@refattaches/api-types";
import type { Client } from "openapi-fetch";
import type { CallOptions } from "./call-options.js";
import type { Exact } from "./client.js";
import { type ListAllOptions, paginate } from "./paging.js";
import { dataOf } from "./results.js";

/** Filters of {@link ReferralsApi.listAll}: those of `list`, without the paging. */
export type ReferralFilters = Omit<ReferralListQuery, "Limit" | "Offset">;

/** Referral sources, the other end of a refattach. There is no delete: hide with IsHidden. */
export interface ReferralsApi {
  /** One page of referrals (`GET /referrals`), ordered by ReferralNum. */
  list(filters?: ReferralListQuery, options?: CallOptions): Promise<Referral[]>;
  /** Every matching referral, page after page. */
  listAll(
    filters?: ReferralFilters,
    options?: ListAllOptions & CallOptions,
  ): AsyncGenerator<Referral, void>;
  /** One referral (`GET /referrals/{ReferralNum}`). */
  get(referralNum: Referral["ReferralNum"], options?: CallOptions): Promise<Referral>;
  /** Creates a referral source (`POST /referrals`). */
  create<Body extends ReferralCreate>(
    body: Exact<Body, ReferralCreate>,
    options?: CallOptions,
  ): Promise<Referral>;
  /** Changes the given fields (`PUT /referrals/{ReferralNum}`). */
  update<Changes extends ReferralUpdate>(
    referralNum: Referral["ReferralNum"],
    changes: Exact<Changes, ReferralUpdate>,
    options?: CallOptions,
  ): Promise<Referral>;
}

export function createReferralsApi(raw: Client<paths>): ReferralsApi {
  const list = (filters: ReferralListQuery = {}, call: CallOptions = {}) =>
    dataOf("listReferrals", raw.GET("/referrals", { ...call, params: { query: filters } }));
  const path = (ReferralNum: number) => ({ params: { path: { ReferralNum } } });
  return {
    list,
    listAll: (filters = {}, { pageSize, ...call } = {}) =>
      paginate((page) => list({ ...filters, ...page }, call), { pageSize }),
    get: (referralNum, call = {}) =>
      dataOf("getReferral", raw.GET("/referrals/{ReferralNum}", { ...call, ...path(referralNum) })),
    create: (body, call = {}) =>
      dataOf("createReferral", raw.POST("/referrals", { ...call, body })),
    update: (referralNum, changes, call = {}) =>
      dataOf(
        "updateReferral",
        raw.PUT("/referrals/{ReferralNum}", { ...call, ...path(referralNum), body: changes }),
      ),
  };
}
