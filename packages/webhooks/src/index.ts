// Standard Webhooks signatures (https://www.standardwebhooks.com/), the ones this project's
// server puts on its change deliveries: `webhook-signature: v1,<base64 HMAC-SHA256>` over
// `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the bytes of a `whsec_` secret.
// The server signs with signWebhook and receivers check with verifyWebhook, so the format lives
// here only. No dependencies, and built on Web Crypto rather than node:crypto so it also runs
// where receivers often live: Deno, Bun, edge workers.

/** How far a `webhook-timestamp` may be from the receiver's clock, either way: 5 minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";
const SIGNATURE_VERSION = "v1";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

/** Why a delivery was refused; {@link WebhookVerificationError.message} says it in words. */
export type WebhookVerificationReason =
  | "missing-header"
  | "invalid-timestamp"
  | "timestamp-too-old"
  | "timestamp-too-new"
  | "no-valid-signature";

/** The one error verifyWebhook throws for a delivery that must not be trusted; answer 4xx. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Request headers as a fetch `Headers` object or as Node's `IncomingHttpHeaders` (any record
 * of names to values); names are matched ignoring case either way.
 */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a verified delivery's headers say. */
export interface VerifiedWebhook {
  /** `webhook-id`: the same on every retry of one batch, so it is the key to deduplicate by. */
  id: string;
  /** `webhook-timestamp`: when this attempt was signed, in Unix seconds. */
  timestamp: number;
}

export interface VerifyWebhookOptions {
  /** The receiver's clock; default: now. */
  now?: Date;
}

function secretKey(secret: string, usage: "sign" | "verify") {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // A wrong secret is a configuration mistake: say so, rather than refusing every delivery.
  if (encoded.length === 0 || !BASE64.test(encoded)) {
    throw new TypeError("A webhook secret is `whsec_` followed by base64");
  }
  return crypto.subtle.importKey(
    "raw",
    Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

function signedContent(id: string, timestamp: number, body: string | Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const content = new Uint8Array(prefix.length + bytes.length);
  content.set(prefix);
  content.set(bytes, prefix.length);
  return content;
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("A webhook timestamp is a whole number of Unix seconds");
  }
}

/**
 * The `webhook-signature` value (`v1,` + base64) of one message. During a secret rotation the
 * sender joins the signatures of both secrets with a space.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Promise<string> {
  checkTimestamp(timestamp);
  const key = await secretKey(secret, "sign");
  const mac = await crypto.subtle.sign("HMAC", key, signedContent(id, timestamp, body));
  return `${SIGNATURE_VERSION},${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === "string" ? value : value.join(" ");
  }
  return undefined;
}

function required(headers: WebhookHeaders, name: string): string {
  const value = header(headers, name)?.trim();
  if (!value) {
    throw new WebhookVerificationError("missing-header", `The ${name} header is missing`);
  }
  return value;
}

/** The bytes of a `v1,<base64>` signature; undefined for another version or bad base64. */
function signatureBytes(candidate: string): Uint8Array | undefined {
  const comma = candidate.indexOf(",");
  if (candidate.slice(0, comma) !== SIGNATURE_VERSION) return undefined;
  const encoded = candidate.slice(comma + 1);
  if (!BASE64.test(encoded)) return undefined;
  return Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
}

/**
 * Checks a delivery before anything in it is trusted: the `webhook-timestamp` is within
 * {@link WEBHOOK_TOLERANCE_SECONDS} of now (either way, which stops replays of old deliveries)
 * and one of the `v1,` signatures in `webhook-signature` (space-separated, so a secret rotation
 * does not break) is the HMAC of this `webhook-id`, timestamp and body with `secret`. Pass the
 * body exactly as received, before any JSON parsing. Throws {@link WebhookVerificationError}
 * otherwise, and a TypeError when `secret` is not a `whsec_` secret.
 */
export async function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): Promise<VerifiedWebhook> {
  const key = await secretKey(secret, "verify");
  const id = required(headers, "webhook-id");
  const timestampText = required(headers, "webhook-timestamp");
  const signatures = required(headers, "webhook-signature");

  if (!/^\d{1,15}$/.test(timestampText)) {
    throw new WebhookVerificationError(
      "invalid-timestamp",
      "The webhook-timestamp header is not a number of Unix seconds",
    );
  }
  const timestamp = Number(timestampText);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (timestamp < now - WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      "timestamp-too-old",
      `The webhook-timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds in the past`,
    );
  }
  if (timestamp > now + WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      "timestamp-too-new",
      `The webhook-timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds in the future`,
    );
  }

  const content = signedContent(id, timestamp, rawBody);
  for (const candidate of signatures.split(/\s+/)) {
    const bytes = signatureBytes(candidate);
    // Web Crypto's HMAC verify compares in constant time, so a mismatch leaks no prefix.
    if (bytes !== undefined && (await crypto.subtle.verify("HMAC", key, bytes, content))) {
      return { id, timestamp };
    }
  }
  throw new WebhookVerificationError(
    "no-valid-signature",
    "No webhook-signature matches the body with this secret",
  );
}
