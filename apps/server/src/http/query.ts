// Query strings Hono's parser would quietly drop a part of.
import type { MiddlewareHandler } from "hono";
import { messages } from "../domain/errors.js";

/** A `name=value` pair of the query string whose name is empty (`?=x`, `?a=1&=x`). */
const EMPTY_NAME = /(?:^|&)=/;

/**
 * `?=x` names no parameter; Hono ignores it, Open Dental-style strictness refuses it. Tested on
 * the raw query string (as URLSearchParams splits it, on `&`) instead of parsing it a second time.
 */
export const rejectEmptyParameterNames: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const query = url.indexOf("?");
  if (query !== -1 && EMPTY_NAME.test(url.slice(query + 1))) {
    return c.json(messages.invalidParameter(""), 400);
  }
  await next();
};
