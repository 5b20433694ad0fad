import type {
  paths,
  Referral,
  ReferralCreate,
  ReferralListQuery,
  ReferralUpdate,
} from "@refattaches/api-types";
import type { Client } from "openapi-fetch";
import type { Exact } from "./client.js";
import { type ListAllOptions, paginate } from "./paging.js";
import { dataOf } from "./results.js";

/** Filters of {@link ReferralsApi.listAll}: those of `list`, without the paging. */
export type ReferralFilters = Omit<ReferralListQuery, "Limit" | "Offset">;

/** Referral sources, the other end of a refattach. There is no delete: hide with IsHidden. */
export interface ReferralsApi {
  /** One page of referrals (`GET /referrals`), ordered by ReferralNum. */
  list(filters?: ReferralListQuery): Promise<Referral[]>;
  /** Every matching referral, page after page. */
  listAll(filters?: ReferralFilters, options?: ListAllOptions): AsyncGenerator<Referral, void>;
  /** One referral (`GET /referrals/{ReferralNum}`). */
  get(referralNum: Referral["ReferralNum"]): Promise<Referral>;
  /** Creates a referral source (`POST /referrals`). */
  create<Body extends ReferralCreate>(body: Exact<Body, ReferralCreate>): Promise<Referral>;
  /** Changes the given fields (`PUT /referrals/{ReferralNum}`). */
  update<Changes extends ReferralUpdate>(
    referralNum: Referral["ReferralNum"],
    changes: Exact<Changes, ReferralUpdate>,
  ): Promise<Referral>;
}

export function createReferralsApi(raw: Client<paths>): ReferralsApi {
  const list = (filters: ReferralListQuery = {}) =>
    dataOf("listReferrals", raw.GET("/referrals", { params: { query: filters } }));
  const path = (ReferralNum: number) => ({ params: { path: { ReferralNum } } });
  return {
    list,
    listAll: (filters = {}, options = {}) =>
      paginate((page) => list({ ...filters, ...page }), options),
    get: (referralNum) =>
      dataOf("getReferral", raw.GET("/referrals/{ReferralNum}", path(referralNum))),
    create: (body) => dataOf("createReferral", raw.POST("/referrals", { body })),
    update: (referralNum, changes) =>
      dataOf(
        "updateReferral",
        raw.PUT("/referrals/{ReferralNum}", { ...path(referralNum), body: changes }),
      ),
  };
}
