// Query strings Hono's parser would quietly drop a part of.
import type { MiddlewareHandler } from "hono";
import { messages } from "../domain/errors.js";

/** `?=x` names no parameter; Hono ignores it, Open Dental-style strictness refuses it. */
export const rejectEmptyParameterNames: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const query = url.indexOf("?");
  if (query !== -1) {
    for (const name of new URLSearchParams(url.slice(query + 1)).keys()) {
      if (name === "") return c.json(messages.invalidParameter(""), 400);
    }
  }
  await next();
};
