// How invalid requests are explained: every 400 body is one JSON string naming the field.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { messages } from "../domain/errors.js";
import { RefAttach } from "../schemas/refattach.js";
import { Referral } from "../schemas/referral.js";

/**
 * zod's messages, phrased to follow a field name ("PatNum must be an integer"). Set once
 * for the process; schemas that need another phrase carry their own `error`.
 */
z.config({
  customError(issue) {
    switch (issue.code) {
      case "invalid_type":
        if (issue.input === undefined) return "is required";
        if (Array.isArray(issue.input) && issue.expected === "string") return "must be given once";
        return issue.expected === "int" || issue.expected === "number"
          ? "must be an integer"
          : `must be ${issue.expected === "object" ? "an object" : `a ${issue.expected}`}`;
      case "invalid_value":
        return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      case "too_small":
        if (issue.origin === "string") return "must not be empty";
        return `must be at least ${issue.minimum}`;
      case "too_big":
        if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
        return `must be at most ${issue.maximum}`;
      default:
        return undefined;
    }
  },
});

/**
 * Per resource (the path segment), the fields its responses carry: one of these in a body
 * that does not accept it is read-only, anything else is unknown.
 */
const RESPONSE_FIELDS: Record<string, ReadonlySet<string>> = {
  refattaches: new Set(Object.keys(RefAttach.shape)),
  referrals: new Set(Object.keys(Referral.shape)),
};

const responseFieldsOf = (path: string): ReadonlySet<string> =>
  RESPONSE_FIELDS[path.split("/").find((segment) => segment in RESPONSE_FIELDS) ?? ""] ?? new Set();

function explain(
  issue: z.core.$ZodIssue,
  target: string,
  responseFields: ReadonlySet<string>,
): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      if (target === "query") return messages.invalidParameter(key);
      return responseFields.has(key) ? messages.readOnlyField(key) : messages.unknownField(key);
    });
  }
  const field = issue.path.join(".");
  if (field === "") return [target === "json" ? messages.bodyNotObject : issue.message];
  return [`${field} ${issue.message}`];
}

/** zod-openapi's hook for every route: a failed validation becomes a 400 JSON string. */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: z.ZodError }),
  c: Context,
) {
  if (result.success) return;
  const responseFields = responseFieldsOf(c.req.path);
  const explanations = result.error.issues.flatMap((issue) =>
    explain(issue, result.target, responseFields),
  );
  return c.json([...new Set(explanations)].join("; "), 400);
}
