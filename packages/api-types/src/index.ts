// The generated module is the API's types; this file only names the ones callers use most.
import type { components, operations } from "./generated/openapi.js";

export * from "./generated/openapi.js";

type Schemas = components["schemas"];

export type RefAttach = Schemas["RefAttach"];
export type RefAttachCreate = Schemas["RefAttachCreate"];
export type RefAttachUpdate = Schemas["RefAttachUpdate"];
export type ReferralType = Schemas["ReferralType"];
export type RefToStatus = Schemas["RefToStatus"];
export type BooleanString = Schemas["BooleanString"];
export type ApiError = Schemas["Error"];
export type RefAttachListQuery = NonNullable<operations["listRefAttaches"]["parameters"]["query"]>;
export type Referral = Schemas["Referral"];
export type ReferralCreate = Schemas["ReferralCreate"];
export type ReferralUpdate = Schemas["ReferralUpdate"];
export type ReferralListQuery = NonNullable<operations["listReferrals"]["parameters"]["query"]>;
export type WatchTable = Schemas["WatchTable"];
export type Subscription = Schemas["Subscription"];
export type SubscriptionWithSecret = Schemas["SubscriptionWithSecret"];
export type SubscriptionCreate = Schemas["SubscriptionCreate"];
export type SubscriptionUpdate = Schemas["SubscriptionUpdate"];
export type SubscriptionListQuery = NonNullable<
  operations["listSubscriptions"]["parameters"]["query"]
>;
export type RefAttachDeleted = Schemas["RefAttachDeleted"];
