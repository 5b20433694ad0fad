// How invalid requests are explained: every 400 body is one JSON string naming the field.
import { z } from "@hono/zod-openapi";
import { invalid, messages } from "../domain/errors.js";

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

/** Where a value being validated came from: it decides how an unknown name is explained. */
export type ValidationTarget = "query" | "param" | "json";

function explain(
  issue: z.core.$ZodIssue,
  target: ValidationTarget,
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

/**
 * Validates `value` with the operation's schema: the parsed value, or a 400 (a thrown
 * RuleError) whose one JSON string names every problem. `responseFields` are the fields the
 * operation's resource answers with: a body field among them that the operation does not
 * accept is explained as read-only rather than unknown.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  target: ValidationTarget,
  responseFields: ReadonlySet<string>,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const explanations = result.error.issues.flatMap((issue) =>
    explain(issue, target, responseFields),
  );
  throw invalid([...new Set(explanations)].join("; "));
}
