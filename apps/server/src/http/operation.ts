// An operation of the spec, registered once in two places: its description in an OpenAPI
// registry (the generated document is compared with the hand-authored spec in tests), and its
// Hono route. The route's part of the pipeline (pipeline.ts) is built here from the operation's
// own schemas: read the body (only operations that take one), validate the query, the path
// parameters and the body, run the handler on the parsed values, and write what it returns.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { RouteConfig, z } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { type AnswerFields, type AnswerFormats, answerWriter } from "./answer.js";
import type { ApiKeyPair } from "./auth.js";
import { readJsonBody } from "./body.js";
import type { Pipeline, RouteHandler } from "./pipeline.js";
import { type AnswerHeaders, emptyReply, jsonReply } from "./reply.js";
import { validate } from "./validation.js";

type RequestParts<R extends RouteConfig> = NonNullable<R["request"]>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type JsonSchemaOf<T> = T extends { content: { "application/json": { schema: infer S } } }
  ? S
  : undefined;

/** What an operation's handler receives: every part of the request, validated. */
export interface OperationInput<R extends RouteConfig> {
  params: Parsed<RequestParts<R>["params"]>;
  query: Parsed<RequestParts<R>["query"]>;
  body: JsonSchemaOf<RequestParts<R>["body"]> extends infer S extends z.ZodType
    ? z.output<S>
    : undefined;
  /** The path as requested, e.g. for the Location of a created resource. */
  path: string;
  /** The caller's key pair; undefined on operations without authentication. */
  caller: ApiKeyPair | undefined;
}

type SuccessStatus = 200 | 201;

/** What a handler returns: one of the operation's success answers, as the spec declares it. */
export type OperationAnswer<R extends RouteConfig> = {
  [S in keyof R["responses"] & SuccessStatus]: {
    status: S;
    body: JsonSchemaOf<R["responses"][S]> extends infer B extends z.ZodType ? z.input<B> : null;
    headers?: Record<string, string>;
  };
}[keyof R["responses"] & SuccessStatus];

export type OperationHandler<R extends RouteConfig> = (
  input: OperationInput<R>,
) => Promise<OperationAnswer<R>> | OperationAnswer<R>;

export interface OperationSettings {
  /** Where the operations' paths start: the API's base path, or "" for the server's root. */
  basePath: string;
  /** Whether callers need an API key (the API) or not (the probes). */
  authenticated: boolean;
  /** The largest request body an operation reads (BODY_LIMIT). */
  bodyLimit: number;
}

/**
 * The keys of the object a success answer holds (or holds a list of, or one of several forms
 * of), if any.
 */
function answerKeys(route: RouteConfig): ReadonlySet<string> {
  for (const status of [200, 201]) {
    const response = route.responses[status];
    const media =
      response && "content" in response ? response.content?.["application/json"] : undefined;
    let schema: unknown = media && "schema" in media ? media.schema : undefined;
    if (isZodArray(schema)) schema = schema.element;
    const forms = isZodUnion(schema) ? schema.options : [schema];
    const keys = forms.flatMap((form) => (isZodObject(form) ? Object.keys(form.shape) : []));
    if (keys.length > 0) return new Set(keys);
  }
  return new Set();
}

const isZodArray = (schema: unknown): schema is z.ZodArray =>
  (schema as z.ZodType | undefined)?.def?.type === "array";
const isZodObject = (schema: unknown): schema is z.ZodObject =>
  (schema as z.ZodType | undefined)?.def?.type === "object";
const isZodUnion = (schema: unknown): schema is z.ZodUnion =>
  (schema as z.ZodType | undefined)?.def?.type === "union";

/** The operations of one part of the server (the API, or the root's probes). */
export class Operations {
  constructor(
    private readonly app: Hono,
    private readonly pipeline: Pipeline,
    readonly registry: OpenAPIRegistry,
    private readonly settings: OperationSettings,
  ) {}

  /**
   * Registers `route`. `answer` lists the fields of the resource it answers with that answers
   * rewrite (dates in the requested formats, text on one line).
   */
  add<R extends RouteConfig, T extends object>(
    route: R,
    answer: AnswerFields<T> | undefined,
    handle: OperationHandler<R>,
  ): void {
    this.registry.registerPath(route);
    const { query, params, body } = route.request ?? {};
    const media = body?.content?.["application/json"];
    const bodySchema = media && "schema" in media ? (media.schema as z.ZodType) : undefined;
    const fields = answerKeys(route);
    const { bodyLimit, basePath, authenticated } = this.settings;
    const plainWriter = answer && answerWriter(answer);
    const writerFor = (formats: AnswerFormats) =>
      formats.DateFormatString || formats.DateTimeFormatString
        ? answer && answerWriter(answer, formats)
        : plainWriter;

    const operation: RouteHandler = async (c, request) => {
      // The body first, as the one step that waits on the client; then each part is validated,
      // each with its own schema.
      const json = bodySchema
        ? await readJsonBody(c, bodyLimit, () => {
            request.bodyRead = true;
          })
        : undefined;
      const input = {
        query: query ? validate(query, request.query, "query", fields) : {},
        params: params ? validate(params, c.req.param(), "param", fields) : {},
        body: bodySchema ? validate(bodySchema, json, "json", fields) : undefined,
        // Not a getter: an accessor in an object literal makes V8 keep the request's whole
        // context alive into the old generation (measured: 2 MB promoted per scavenge).
        path: c.req.path,
        caller: request.caller,
      } as OperationInput<R>;
      const answered = await handle(input);
      return respond(answered, request.headers, writerFor(input.query as AnswerFormats));
    };
    const path = basePath + route.path.replaceAll(/\{(\w+)\}/g, ":$1");
    this.app.on(
      route.method.toUpperCase(),
      path,
      this.pipeline.handle(path, operation, { authenticated }),
    );
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The handler's answer as JSON, each resource in it written as answers write them. */
function respond<T extends object>(
  answer: Answer,
  headers: AnswerHeaders,
  write: ((item: T) => T) | undefined,
): Response {
  const all = answer.headers ? { ...headers, ...lowerCased(answer.headers) } : headers;
  if (answer.body === null) return emptyReply(answer.status, all);
  if (!write) return jsonReply(answer.status, answer.body, all);
  const body = answer.body as T | T[];
  return jsonReply(answer.status, Array.isArray(body) ? body.map(write) : write(body), all);
}

const lowerCased = (headers: Record<string, string>): AnswerHeaders =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
