// zod schemas of the Subscription resource, and of the RefAttachDeleted rows its deliveries
// carry. Their types are checked for equality with the spec's in subscription.test-d.ts.
import { z } from "@hono/zod-openapi";
import { END_POINT_URL_MAX_LENGTH } from "../webhooks/endpoint-url.js";
import {
  answerDateTime,
  BooleanString,
  DateTimeString,
  PositiveKey,
  readOnlyText,
  SingleLineText,
} from "./common.js";
import { answerFormatParams, keyParam, pagingParams } from "./params.js";

export const WatchTableName = z
  .enum(["RefAttach", "RefAttachDeleted", "Referral"])
  .openapi("WatchTable");

// The URL rules beyond the length (scheme, credentials, addresses) need the configuration and
// DNS: webhooks/endpoint-url.ts checks them.
const endPointUrl = () => z.string().max(END_POINT_URL_MAX_LENGTH);
const pollingSeconds = () => z.int().min(1).max(86_400);
/** Column size of Open Dental's apisubscription text fields. */
const text = () => z.string().max(255);

/** Field order is Open Dental's JSON order, then this server's delivery state. */
const subscriptionFields = {
  SubscriptionNum: z.int().min(1).openapi({ format: "int64", readOnly: true }),
  EndPointUrl: endPointUrl(),
  Workstation: SingleLineText,
  CustomerKey: z.string().openapi({ readOnly: true }),
  WatchTable: WatchTableName,
  PollingSeconds: pollingSeconds(),
  UiEventType: SingleLineText,
  DateTimeStart: answerDateTime({ readOnly: false }),
  DateTimeStop: answerDateTime({ readOnly: false }),
  Note: SingleLineText,
  IsDisabled: BooleanString,
  DateTimeLastFailure: answerDateTime(),
  FailureReason: readOnlyText(),
  SubsequentFailures: z.int().min(0).openapi({ readOnly: true }),
};

export const Subscription = z.strictObject(subscriptionFields).openapi("Subscription");

/** The answer of a create, or of an update that rotates the secret: the only ones with it. */
export const SubscriptionWithSecret = z
  .strictObject({
    ...subscriptionFields,
    signingSecret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]{43}=$/)
      .openapi({ readOnly: true }),
  })
  .openapi("SubscriptionWithSecret");

/** PUT's answer: with the new secret when the update rotated it. */
export const UpdatedSubscription = z.union([Subscription, SubscriptionWithSecret]);

export const SubscriptionCreate = z
  .strictObject({
    EndPointUrl: endPointUrl(),
    Workstation: text().optional(),
    WatchTable: WatchTableName,
    PollingSeconds: pollingSeconds(),
    UiEventType: text().optional(),
    DateTimeStart: DateTimeString.optional(),
    DateTimeStop: DateTimeString.optional(),
    Note: text().optional(),
  })
  .openapi("SubscriptionCreate");

export const SubscriptionUpdate = z
  .strictObject({
    EndPointUrl: endPointUrl().optional(),
    Workstation: text().optional(),
    PollingSeconds: pollingSeconds().optional(),
    UiEventType: text().optional(),
    DateTimeStop: DateTimeString.optional(),
    Note: text().optional(),
    IsDisabled: BooleanString.optional(),
    rotateSecret: BooleanString.optional(),
  })
  .openapi("SubscriptionUpdate", { minProperties: 1 });

export const SubscriptionListQuery = z.strictObject({ ...pagingParams, ...answerFormatParams });

export const SubscriptionNumParam = z.object({ SubscriptionNum: keyParam() });

/** A row of a RefAttachDeleted delivery: the deleted refattach's keys, and when. */
export const RefAttachDeleted = z
  .strictObject({
    RefAttachNum: PositiveKey,
    PatNum: PositiveKey,
    ReferralNum: PositiveKey,
    DateTStamp: DateTimeString,
  })
  .openapi("RefAttachDeleted");
