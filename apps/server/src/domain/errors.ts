// Every explanation the API sends, defined once. Tests import these instead of repeating text.

export const messages = {
  patientNotFound: "Patient not found",
  patientDeleted: "Patient has been deleted",
  referralNotFound: "Referral not found",
  providerNotFound: "Provider not found",
  procedureNotFound: "Procedure not found for this patient",
  refAttachNotFound: "RefAttach not found",
  alreadyAttached: "Referral is already attached to this patient",
  referralRequired: "ReferralNum or referralName is required",
  referralBoth: "Give either ReferralNum or referralName, not both",
  provNumOnlyRefTo: "ProvNum can only be specified when ReferralType is RefTo",
  emptyUpdate: "The request body must contain at least one field to update",
  contentType: "Content-Type must be application/json",
  contentTypeCharset: "Content-Type charset must be utf-8: JSON is UTF-8",
  malformedJson: "Malformed JSON in request body",
  invalidUtf8: "The request body is not valid UTF-8",
  loneSurrogate:
    "The request body contains a lone surrogate (an unpaired \\ud800-\\udfff escape); text must be valid Unicode",
  bodyNotObject: "The request body must be a JSON object",
  unauthorized:
    "Authorization header is missing or malformed; expected 'ODFHIR {DeveloperKey}/{CustomerKey}'",
  unknownKeys: "Invalid DeveloperKey or CustomerKey",
  tooManyAuthFailures: (seconds: number) =>
    `Too many failed authentications from this address; retry after ${seconds} seconds`,
  rateLimited: (seconds: number) =>
    `Too many requests for this customer key; retry after ${seconds} seconds`,
  routeNotFound: "Not found",
  internal: "An unexpected error occurred",
  databaseUnavailable: "The database is unavailable; try again shortly",
  databaseTooSlow: (ms: number) => `The database did not answer within ${ms} ms`,
  requestTimeout: (ms: number) =>
    `The request did not arrive within ${ms} ms; send the whole request without pausing`,
  headersTooLarge: "The request line or headers are too large (over 16 KiB)",
  malformedRequest: "The request is not valid HTTP/1.1",
  bodyTooLarge: (limit: number) => `The request body is larger than the limit of ${limit} bytes`,
  bodyIncomplete: "The request body ended before its declared end",
  invalidParameter: (name: string) => `'${name}' is not a valid parameter`,
  unknownField: (name: string) => `'${name}' is not a valid field`,
  readOnlyField: (name: string) => `'${name}' is read-only`,
  tooLongForColumn: (name: string) => `${name} is too long for the database column`,
  notStorableInColumn: (name: string) =>
    `${name} has characters or a length the database column cannot store`,
  subscriptionNotFound: "Subscription not found",
  subscriptionsNotSetUp:
    "Subscriptions are off: this database lacks the server's change-event tables " +
    "(webhooksubscription, webhookevent, webhooklease); run the server's migrate command " +
    "with the same DATABASE_URL to create them, then restart the server",
  // Subscriptions: EndPointUrl, checked when it is set and again before every delivery.
  endPointUrlNotHttp: "EndPointUrl must be an absolute http:// or https:// URL",
  endPointUrlHttpsOnly: "EndPointUrl must be an https:// URL in production",
  endPointUrlCredentials: "EndPointUrl must not contain a user name or password",
  endPointUrlTooLong: (max: number) => `EndPointUrl must be at most ${max} characters`,
  endPointUrlUnresolved: (host: string) => `EndPointUrl host '${host}' could not be resolved`,
  endPointUrlNotPublic: (host: string, kind: string) =>
    `EndPointUrl host '${host}' is or resolves to a non-public address (${kind}); deliveries go ` +
    "to public addresses only, unless the server is set to allow private ones",
  // FailureReason of a subscription: what the last delivery attempt met. Never patient data.
  deliveryStatus: (status: number) => `The receiver answered HTTP ${status}`,
  deliveryRedirect: (status: number) =>
    `The receiver answered HTTP ${status}: redirect not followed`,
  deliveryTimeout: (seconds: number) => `No answer within ${seconds} s`,
  deliveryRefused: "Connection refused",
  deliveryClosed: "The receiver closed the connection without answering",
  deliveryStopped: "The server stopped during the attempt",
  deliveryTls: (code: string) => `TLS error (${code})`,
  deliveryNetwork: (code: string) => `Network error (${code})`,
  deliveryGone: "Disabled: the receiver answered 410 Gone",
  deliveryGaveUp: (since: string, last: string) =>
    `Disabled: deliveries have failed since ${since} (last: ${last})`,
} as const;

/**
 * A request that breaks a rule. Routes turn `kind` into the HTTP status, so the store
 * stays free of HTTP: NotFound -> 404, Invalid -> 400, Unavailable -> 503.
 */
export class RuleError extends Error {
  constructor(
    readonly kind: "NotFound" | "Invalid" | "Unavailable",
    message: string,
  ) {
    super(message);
    this.name = "RuleError";
  }
}

export const notFound = (message: string) => new RuleError("NotFound", message);
export const invalid = (message: string) => new RuleError("Invalid", message);
