// Request bodies, read once before validation: the Content-Type must be application/json (with
// any parameters RFC 9110 allows, such as `; charset=utf-8`), and the bytes must be valid
// UTF-8 JSON without lone surrogates. Anything else is a 400 that names the problem; nothing
// is repaired (bad bytes would otherwise be stored as U+FFFD), so nothing altered is stored.
import type { MiddlewareHandler } from "hono";
import { messages } from "../domain/errors.js";

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~\\x80-\\xff]|\\\\[\\t -~\\x80-\\xff])*"';
const PARAMETER = `(${TOKEN})=(${TOKEN}|${QUOTED})`;
/** `application/json` then `OWS ";" OWS [ parameter ]` any number of times (RFC 9110 5.6.6). */
const JSON_MEDIA_TYPE = new RegExp(
  `^application/json((?:[ \\t]*;[ \\t]*(?:${TOKEN}=(?:${TOKEN}|${QUOTED}))?)*)[ \\t]*$`,
  "i",
);
const PARAMETERS = new RegExp(PARAMETER, "g");

/** Why a Content-Type is refused, or undefined when it is a JSON one in UTF-8. */
export function contentTypeProblem(header: string | undefined): string | undefined {
  const match = JSON_MEDIA_TYPE.exec(header?.trim() ?? "");
  if (!match) return messages.contentType;
  for (const [, name, value] of (match[1] ?? "").matchAll(PARAMETERS)) {
    if (name?.toLowerCase() !== "charset") continue;
    const charset = (value ?? "").replace(/^"(.*)"$/, "$1").toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8") return messages.contentTypeCharset;
  }
  return undefined;
}

/** A lone high or low surrogate, which UTF-8 cannot encode (`\ud800` escapes make them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (typeof value !== "object" || value === null) return false;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key) || hasLoneSurrogate(item)) return true;
  }
  return false;
}

export const readJsonBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "POST" && c.req.method !== "PUT") return next();
  const problem = contentTypeProblem(c.req.header("Content-Type"));
  if (problem) return c.json(problem, 400);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    return c.json(messages.invalidUtf8, 400);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return c.json(messages.malformedJson, 400);
  }
  if (hasLoneSurrogate(value)) return c.json(messages.loneSurrogate, 400);
  // The route's validator knows only the bare media type; it reads the text checked here.
  const headers = new Headers(c.req.raw.headers);
  headers.set("Content-Type", "application/json");
  c.req.raw = new Request(c.req.url, { method: c.req.method, headers, body: text });
  c.req.bodyCache = {};
  await next();
};
