// Open Dental's auth: `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { messages } from "../domain/errors.js";

export interface ApiKeyPair {
  developerKey: string;
  customerKey: string;
}

const HEADER = /^ODFHIR ([^\s/]+)\/([^\s/]+)$/;

/** Keys are compared as fixed-length digests so timing does not reveal a near match. */
const digest = (pair: ApiKeyPair) =>
  createHash("sha256").update(`${pair.developerKey}/${pair.customerKey}`).digest();

export function parseAuthorization(header: string | undefined): ApiKeyPair | undefined {
  const match = header === undefined ? null : HEADER.exec(header.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { developerKey: match[1], customerKey: match[2] };
}

export function requireApiKey(allowed: readonly ApiKeyPair[]): MiddlewareHandler {
  const digests = allowed.map(digest);
  return async (c, next) => {
    const pair = parseAuthorization(c.req.header("Authorization"));
    if (!pair) return c.json(messages.unauthorized, 401);
    const candidate = digest(pair);
    // Check every pair so the time taken does not depend on which one matched.
    const known = digests.reduce((found, d) => timingSafeEqual(d, candidate) || found, false);
    if (!known) return c.json(messages.unknownKeys, 401);
    await next();
  };
}
