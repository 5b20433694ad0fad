// Open Dental's serializer writes carriage returns as spaces, so no text field of an answer
// spans lines. The answer schemas say so with a pattern, but no other check sends a line break.
import { type RunContext, stateOf } from "../context.js";
import { type Contract, isObject, resolve } from "../contract.js";
import { alternativeOf, baseRequest, toApiRequest } from "../requests.js";
import type { Resource, Role } from "../resources.js";
import { keyOf } from "../snapshot.js";
import { escapePointer, type JsonObject, type Operation, resolveLocated } from "../spec.js";
import { type Check, conformance, deleteItems, failure, type Outcome } from "./common.js";

/** Every kind of line break, each written as one space in an answer. */
const LINE_BREAKS = ["\r\n", "\r", "\n"] as const;

/** One more line after each kind of break, each break written by `write`. */
const moreLines = (write: (lineBreak: string) => string): string =>
  LINE_BREAKS.map((lineBreak, index) => `${write(lineBreak)}line ${index + 2}`).join("");

const FIRST_LINE = "line 1";
const SENT_LINES = moreLines((lineBreak) => lineBreak);
const ANSWERED_LINES = moreLines(() => " ");

interface TextField {
  name: string;
  maxLength?: number;
}

function accepts(contract: Contract, pointer: string, value: string): boolean {
  return contract.validator.validate(pointer, value).length === 0;
}

/**
 * Text the spec keeps on one line in answers: a space passes the field's schema, each kind of
 * line break fails it. Read from what the schema accepts, so no field or component is named.
 */
function isSingleLine(contract: Contract, pointer: string): boolean {
  return (
    accepts(contract, pointer, "one two") &&
    LINE_BREAKS.every((lineBreak) => !accepts(contract, pointer, `one${lineBreak}two`))
  );
}

/**
 * For a create or update: the body fields that the answer writes on one line, sent with every
 * kind of line break, must come back with each break written as one space. A field whose
 * request schema refuses line breaks cannot be checked this way and is left out.
 */
export function lineBreakCheck(
  contract: Contract,
  resource: Resource,
  role: Role,
  operation: Operation,
): Check[] {
  if (role !== "create" && role !== "update") return [];
  const success = [...operation.responses.entries()].find(([status]) => status.startsWith("2"));
  const answered = success?.[1].content?.schema;
  const sent = operation.requestBody?.content.schema;
  if (answered === undefined || sent === undefined) return [];
  const item = resolveLocated(contract.spec.document, answered);
  const body = resolveLocated(contract.spec.document, sent);
  const fields: TextField[] = [];
  for (const [name, raw] of Object.entries(body.schema.properties ?? {})) {
    const property = `/properties/${escapePointer(name)}`;
    if (item.schema.properties?.[name] === undefined) continue;
    if (!isSingleLine(contract, `${item.pointer}${property}`)) continue;
    if (!accepts(contract, `${body.pointer}${property}`, SENT_LINES)) continue;
    fields.push({ name, maxLength: resolve(contract, raw).maxLength });
  }
  if (fields.length === 0) return [];
  const names = fields.map((field) => field.name).join(", ");
  return [
    {
      kind: "positive",
      operation,
      title: `body ${names}: line breaks (CR LF, CR, LF) answered as one space each`,
      run: (context) => sendLineBreaks(context, resource, role, operation, fields),
    },
  ];
}

async function sendLineBreaks(
  context: RunContext,
  resource: Resource,
  role: Role,
  operation: Operation,
  fields: TextField[],
): Promise<Outcome> {
  const base = baseRequest(context, resource, role, operation);
  const body: JsonObject = { ...base.body };
  const expected = new Map<string, string>();
  for (const { name, maxLength } of fields) {
    // The example's own text first (the run's referral name keeps its run id), cut to leave
    // room for the lines within maxLength, counted in code points as JSON Schema counts. A
    // field the example leaves out starts with a first line of its own, not with a break.
    const current = body[name];
    const room = maxLength === undefined ? undefined : maxLength - [...SENT_LINES].length;
    const head = [...(typeof current === "string" && current !== "" ? current : FIRST_LINE)]
      .slice(0, room)
      .join("");
    const alternative = alternativeOf(name);
    if (alternative !== undefined) delete body[alternative];
    body[name] = head + SENT_LINES;
    expected.set(name, head + ANSWERED_LINES);
  }
  const response = await context.client.send(toApiRequest(operation, { ...base, body }));
  const { status } = response;
  const failures = conformance(context, operation, response);
  if (status < 200 || status >= 300) {
    const explanation = typeof response.json === "string" ? ` ("${response.json}")` : "";
    failures.push(failure(operation, status, `expected a 2xx${explanation}`));
    return { status, failures };
  }
  if (!isObject(response.json)) return { status, failures };
  const item = response.json;
  for (const [name, text] of expected) {
    if (item[name] !== text) {
      const detail = `body/${name} is not the text sent with each line break written as one space`;
      failures.push(failure(operation, status, detail));
    }
  }
  // The updated item is the run's item as it now is; a created one is a second item, deleted
  // at once so the checks after this one see the data as the positive checks left it (what
  // the API cannot delete stays on the run's list for the cleanup check to report).
  if (role === "update") stateOf(context, resource).subject = item;
  else await deleteItems(context, resource, [keyOf(resource, item)]);
  return { status, failures };
}
