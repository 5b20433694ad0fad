export type {
  components,
  operations,
  paths,
  RefAttach,
  RefAttachCreate,
  RefAttachDeleted,
  RefAttachListQuery,
  RefAttachUpdate,
  Referral,
  ReferralCreate,
  ReferralListQuery,
  ReferralUpdate,
  Subscription,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionUpdate,
  SubscriptionWithSecret,
  webhooks,
} from "@refattaches/api-types";
export {
  signWebhook,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "@refattaches/webhooks";
export type { CallOptions } from "./call-options.js";
export {
  createRefAttachesClient,
  DEFAULT_BASE_URL,
  type Exact,
  OPEN_DENTAL_BASE_URL,
  type RefAttachesClient,
  type RefAttachesClientOptions,
  type RefAttachFilters,
} from "./client.js";
export { formatDate, formatDateTime, NO_DATE } from "./dates.js";
export { type EnumObject, ReferralType, RefToStatus, WatchTable } from "./enums.js";
export { RefAttachesError, type RefAttachesOperation } from "./errors.js";
export { DEFAULT_PAGE_SIZE, type ListAllOptions, MAX_PAGE_SIZE } from "./paging.js";
export type { ReferralFilters, ReferralsApi } from "./referrals.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
export type {
  SubscriptionFilters,
  SubscriptionsApi,
  UpdatedSubscription,
} from "./subscriptions.js";
