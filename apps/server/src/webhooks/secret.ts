// A subscription's signing secret, in Standard Webhooks' form: `whsec_` + base64 of 32 random
// bytes (256 bits, the size of the HMAC-SHA256 key it becomes).
import { randomBytes } from "node:crypto";

const SECRET_BYTES = 32;

/** A new secret; the answer that creates or rotates it is the only one that shows it. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString("base64")}`;
}

/** After a rotation, the previous secret keeps signing beside the new one this long. */
export const PREVIOUS_SECRET_MS = 24 * 60 * 60 * 1000;
