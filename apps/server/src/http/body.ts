// Request bodies, for the operations that take one (attached where such a route is registered,
// see operation.ts): the Content-Type must be application/json (with any parameters RFC 9110
// allows, such as `; charset=utf-8`); the size is capped while the body is read (a declared
// Content-Length over the limit is refused before a byte of the body is read, a chunked body as
// soon as it passes the limit); the bytes must be valid UTF-8 JSON without lone surrogates.
// Each step reads the body once; anything else is a 4xx that names the problem, and nothing is
// repaired (bad bytes would otherwise be stored as U+FFFD).
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { invalid, messages } from "../domain/errors.js";

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

const tooLarge = (limit: number) =>
  new HTTPException(413, { message: messages.bodyTooLarge(limit) });

/** Node's request, under @hono/node-server; absent when the app is called in-process. */
export const incomingOf = (c: Context): IncomingMessage | undefined =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/** Whether the request declares a body at all (a length above zero, or chunks). */
export function declaresBody(c: Context): boolean {
  const length = c.req.header("Content-Length");
  return (
    (length !== undefined && length !== "0") || c.req.header("Transfer-Encoding") !== undefined
  );
}

/**
 * The body's bytes straight from Node's stream, at most `limit` of them. Past the limit the
 * reader lets go of the stream, which keeps flowing into nothing: the lingering close
 * (lingering-close.ts) bounds how much more is read before the connection is closed.
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const release = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onGone);
      incoming.off("close", onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        release();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      release();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away mid-body: nobody reads the answer, which only has to be short.
    const onGone = () => {
      release();
      reject(invalid(messages.bodyIncomplete));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onGone);
    incoming.on("close", onGone);
  });
}

/** The same from a fetch Request (the app called in-process, as tests and embedders do). */
async function readRequest(request: Request, limit: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, size);
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

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads, limits, decodes and parses the body: the value the operation's schema validates.
 * `onRead` is told once the whole body has been read (the connection can then be kept).
 */
export async function readJsonBody(
  c: Context,
  limit: number,
  onRead: () => void,
): Promise<unknown> {
  const problem = contentTypeProblem(c.req.header("Content-Type"));
  if (problem) throw invalid(problem);
  const declared = c.req.header("Content-Length");
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  const incoming = incomingOf(c);
  const bytes = incoming
    ? await readIncoming(incoming, limit)
    : await readRequest(c.req.raw, limit);
  onRead();
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw invalid(messages.invalidUtf8);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(messages.malformedJson);
  }
  if (hasLoneSurrogate(value)) throw invalid(messages.loneSurrogate);
  return value;
}
