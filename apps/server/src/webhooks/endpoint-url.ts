// A subscription's EndPointUrl: the rules it must meet when POST or PUT sets it, and again
// before every delivery (a name may resolve elsewhere by then: DNS rebinding).
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { invalid, messages } from "../domain/errors.js";
import { addressKind } from "./addresses.js";

/** The longest EndPointUrl, in characters (the spec's maxLength). */
export const END_POINT_URL_MAX_LENGTH = 2048;

export interface EndPointUrlRules {
  /** NODE_ENV is production: https:// only. */
  production: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_URLS: loopback, private and other non-public addresses too. */
  allowPrivate: boolean;
}

/** An address a host resolved to, as `net.connect`'s lookup hands them over. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name; rejects when it has none. */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

function hasSpaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The rules that need no network: an absolute http(s) URL (https only in production) without
 * credentials, within the length limit. Throws a RuleError (400) naming EndPointUrl.
 */
export function parseEndPointUrl(text: string, production: boolean): URL {
  if (text.length > END_POINT_URL_MAX_LENGTH) {
    throw invalid(messages.endPointUrlTooLong(END_POINT_URL_MAX_LENGTH));
  }
  // The URL parser would quietly drop surrounding spaces and inner tabs or newlines; a stored
  // URL must be the one that is used.
  const url = hasSpaceOrControl(text) || !URL.canParse(text) ? undefined : new URL(text);
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw invalid(messages.endPointUrlNotHttp);
  }
  if (production && url.protocol !== "https:") throw invalid(messages.endPointUrlHttpsOnly);
  if (url.username !== "" || url.password !== "") {
    throw invalid(messages.endPointUrlCredentials);
  }
  return url;
}

/** The URL's host as DNS and `net.connect` take it: an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The addresses deliveries to `url` may connect to: all the host resolves to, when every one of
 * them is public (or `allowPrivate`). A host with one non-public address among public ones is
 * refused whole, as its owner could steer connections to that one. Throws a RuleError (400).
 */
export async function allowedAddresses(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolve = resolveWithDns,
): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  if (family === 4 || family === 6) {
    addresses = [{ address: host, family }];
  } else {
    addresses = await resolve(host).catch(() => []);
    if (addresses.length === 0) throw invalid(messages.endPointUrlUnresolved(host));
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = addressKind(address);
      if (kind !== undefined) throw invalid(messages.endPointUrlNotPublic(host, kind));
    }
  }
  return addresses;
}

/** Every EndPointUrl rule, as POST and PUT /subscriptions check them. */
export async function checkEndPointUrl(
  text: string,
  rules: EndPointUrlRules,
  resolve: Resolve = resolveWithDns,
): Promise<URL> {
  const url = parseEndPointUrl(text, rules.production);
  await allowedAddresses(url, rules.allowPrivate, resolve);
  return url;
}
