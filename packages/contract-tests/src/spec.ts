import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readSpecSource } from "./spec-source.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** The JSON Schema keywords the checker reads to generate requests; Ajv judges everything else. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: JsonValue[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minProperties?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  readOnly?: boolean;
  default?: JsonValue;
  example?: JsonValue;
  examples?: JsonValue[];
}

interface RefObject {
  $ref?: string;
}

interface ExampleObject extends RefObject {
  value?: JsonValue;
}

interface MediaTypeObject {
  schema?: Schema;
  example?: JsonValue;
  examples?: Record<string, ExampleObject>;
}

interface ParameterObject extends RefObject {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
  example?: JsonValue;
}

interface HeaderObject extends RefObject {
  required?: boolean;
  schema?: Schema;
}

interface ResponseObject extends RefObject {
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, HeaderObject>;
}

interface RequestBodyObject extends RefObject {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses?: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
  servers?: ServerObject[];
}

interface ServerObject {
  url: string;
}

type PathItemObject = { parameters?: ParameterObject[]; servers?: ServerObject[] } & {
  [method in (typeof METHODS)[number]]?: OperationObject;
};

interface SecuritySchemeObject {
  type: string;
  in?: string;
  name?: string;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: ServerObject[];
  paths?: Record<string, PathItemObject>;
  components?: { securitySchemes?: Record<string, SecuritySchemeObject> };
  security?: Record<string, string[]>[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** A schema together with its JSON pointer in the spec, so Ajv can validate against it in place. */
export interface LocatedSchema {
  pointer: string;
  schema: Schema;
}

export interface Parameter {
  name: string;
  in: ParameterObject["in"];
  required: boolean;
  schema: LocatedSchema;
  example?: JsonValue;
}

export interface Content {
  mediaType: string;
  schema?: LocatedSchema;
  example?: JsonValue;
}

export interface ResponseSpec {
  content?: Content;
  requiredHeaders: string[];
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Content };
  /** Keyed by status code as the spec writes it ("200", "4XX", "default"). */
  responses: Map<string, ResponseSpec>;
  secured: boolean;
  /**
   * The path of the operation's own server (`""` for the server's root) when it declares one,
   * as the probes outside the API base path do; undefined: under the spec's base path.
   */
  basePath?: string;
}

export interface Spec {
  path: string;
  document: OpenApiDocument;
  operations: Operation[];
  /** The header that carries the API key, from the spec's apiKey security scheme. */
  authHeader: string;
  /** The path of the spec's first server URL (`/api/v1`), which a run's base URL ends with. */
  basePath: string;
}

/**
 * The spec this package carries: `openapi/openapi.yaml` copied in by the `generate` task, so the
 * published checker needs nothing else (`../openapi.yaml` from both src/ and dist/).
 */
export function defaultSpecPath(): string {
  return fileURLToPath(new URL("../openapi.yaml", import.meta.url));
}

/** Reads and indexes the OpenAPI 3.1 document at `path`, a file path or an http(s) URL. */
export async function loadSpec(path: string): Promise<Spec> {
  const document = parse(await readSpecSource(path)) as OpenApiDocument;
  // The checker relies on 3.1 semantics: JSON Schema 2020-12 schemas and sibling keywords of $ref.
  if (typeof document?.openapi !== "string" || !document.openapi.startsWith("3.1")) {
    throw new Error(`${path} is not an OpenAPI 3.1 document`);
  }
  return {
    path,
    document,
    operations: listOperations(document),
    authHeader: findAuthHeader(document),
    basePath: serverPath(document.servers) ?? "",
  };
}

/** The path part of the first server's URL, without a trailing slash; undefined without one. */
function serverPath(servers: ServerObject[] | undefined): string | undefined {
  const url = servers?.[0]?.url;
  if (url === undefined) return undefined;
  return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
}

export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

function lookup(document: OpenApiDocument, pointer: string): unknown {
  if (!pointer.startsWith("#/")) throw new Error(`Only local $refs are supported: ${pointer}`);
  let node: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    node = typeof node === "object" && node !== null ? Reflect.get(node, key) : undefined;
    if (node === undefined) throw new Error(`Unresolvable $ref ${pointer}`);
  }
  return node;
}

/** Follows `$ref`s of parameters, bodies, responses and examples, keeping the final location. */
function follow<T extends RefObject>(document: OpenApiDocument, value: T, pointer: string) {
  let current = value;
  let at = pointer;
  while (typeof current.$ref === "string") {
    at = current.$ref;
    current = lookup(document, at) as T;
  }
  return { value: current, pointer: at };
}

/**
 * The schema with its `$ref` chain flattened. In 3.1 the keywords beside a `$ref` apply too
 * (`readOnly: true` next to a `$ref` is how the spec marks read-only keys), so they win.
 */
export function resolveSchema(document: OpenApiDocument, schema: Schema): Schema {
  const { $ref, ...siblings } = schema;
  if ($ref === undefined) return schema;
  return { ...resolveSchema(document, lookup(document, $ref) as Schema), ...siblings };
}

/**
 * The schema at `located` with its `$ref` chain flattened, located where its `properties` live
 * (the end of the chain), so a property's own schema can be validated in place.
 */
export function resolveLocated(document: OpenApiDocument, located: LocatedSchema): LocatedSchema {
  let pointer = located.pointer;
  let current = located.schema;
  while (current.$ref !== undefined) {
    pointer = current.$ref;
    current = lookup(document, pointer) as Schema;
  }
  return { pointer, schema: resolveSchema(document, located.schema) };
}

function firstExample(document: OpenApiDocument, media: MediaTypeObject): JsonValue | undefined {
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first === undefined ? undefined : follow(document, first, "#").value.value;
}

function readContent(
  document: OpenApiDocument,
  content: Record<string, MediaTypeObject> | undefined,
  pointer: string,
): Content | undefined {
  const entry = Object.entries(content ?? {})[0];
  if (entry === undefined) return undefined;
  const [mediaType, media] = entry;
  const mediaPointer = `${pointer}/content/${escapePointer(mediaType)}`;
  const located =
    media.schema === undefined
      ? undefined
      : { pointer: `${mediaPointer}/schema`, schema: media.schema };
  return { mediaType, schema: located, example: firstExample(document, media) };
}

function readParameters(
  document: OpenApiDocument,
  parameters: ParameterObject[] | undefined,
  pointer: string,
): Parameter[] {
  return (parameters ?? []).map((raw, index) => {
    const { value, pointer: at } = follow(document, raw, `${pointer}/parameters/${index}`);
    return {
      name: value.name,
      in: value.in,
      required: value.required === true,
      schema: { pointer: `${at}/schema`, schema: value.schema ?? {} },
      example: value.example,
    };
  });
}

function listOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const pathPointer = `#/paths/${escapePointer(path)}`;
    const shared = readParameters(document, item.parameters, pathPointer);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const opPointer = `${pathPointer}/${method}`;
      const own = readParameters(document, operation.parameters, opPointer);
      // An operation's parameter overrides the path-level one with the same name and location.
      const parameters = [
        ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      const responses = new Map<string, ResponseSpec>();
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const { value, pointer } = follow(document, raw, `${opPointer}/responses/${status}`);
        responses.set(status, {
          content: readContent(document, value.content, pointer),
          requiredHeaders: Object.entries(value.headers ?? {})
            .filter(([, header]) => follow(document, header, "#").value.required === true)
            .map(([name]) => name),
        });
      }
      let requestBody: Operation["requestBody"];
      if (operation.requestBody !== undefined) {
        const body = follow(document, operation.requestBody, `${opPointer}/requestBody`);
        const content = readContent(document, body.value.content, body.pointer);
        if (content !== undefined)
          requestBody = { required: body.value.required === true, content };
      }
      operations.push({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody,
        responses,
        secured: (operation.security ?? document.security ?? []).length > 0,
        basePath: serverPath(operation.servers ?? item.servers),
      });
    }
  }
  return operations;
}

function findAuthHeader(document: OpenApiDocument): string {
  const schemes = Object.values(document.components?.securitySchemes ?? {});
  const apiKey = schemes.find((s) => s.type === "apiKey" && s.in === "header" && s.name);
  return apiKey?.name ?? "Authorization";
}
