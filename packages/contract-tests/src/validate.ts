import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { escapePointer, type Spec } from "./spec.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = addFormatsModule.default;

export interface SchemaError {
  /** Where in the instance, as a JSON pointer ("" for the whole value). */
  instancePath: string;
  message: string;
  /** The failing keyword's location in the spec, e.g. `#/components/schemas/Date/pattern`. */
  schemaPath: string;
}

export interface Validator {
  /** Validates a value against the schema found at `pointer` (a `#/...` JSON pointer in the spec). */
  validate(pointer: string, value: unknown): SchemaError[];
}

const SPEC_ID = "openapi.json";

/**
 * One Ajv 2020 instance holding the whole spec, so every `$ref` between components resolves as
 * the spec wrote it, and the spec (never the server's own validation) is the judge.
 */
export function createValidator(spec: Spec): Validator {
  // `strict: false` because OpenAPI adds keywords of its own (`example`, `discriminator`, ...).
  // `verbose` hands back the failing schema object, which locates the keyword in the spec.
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema(spec.document, SPEC_ID);
  const locations = locate(spec.document);
  const compiled = new Map<string, ValidateFunction>();

  return {
    validate(pointer, value) {
      let validateFn = compiled.get(pointer);
      if (validateFn === undefined) {
        validateFn = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
        compiled.set(pointer, validateFn);
      }
      if (validateFn(value)) return [];
      return (validateFn.errors ?? []).map((error) => toSchemaError(error, locations));
    },
  };
}

/** Maps every object of the spec to its JSON pointer, to name where a failing keyword lives. */
function locate(document: object): WeakMap<object, string> {
  const locations = new WeakMap<object, string>();
  const visit = (node: unknown, pointer: string) => {
    if (typeof node !== "object" || node === null || locations.has(node)) return;
    locations.set(node, pointer);
    for (const [key, child] of Object.entries(node))
      visit(child, `${pointer}/${escapePointer(key)}`);
  };
  visit(document, "#");
  return locations;
}

function toSchemaError(error: ErrorObject, locations: WeakMap<object, string>): SchemaError {
  const parent: unknown = error.parentSchema;
  const base = typeof parent === "object" && parent !== null ? locations.get(parent) : undefined;
  let message = error.message ?? `fails ${error.keyword}`;
  // Ajv's message for additionalProperties does not say which property it found.
  if (error.keyword === "additionalProperties") {
    message += `: '${String(error.params.additionalProperty)}'`;
  }
  return {
    instancePath: error.instancePath,
    message,
    schemaPath: base === undefined ? error.schemaPath : `${base}/${error.keyword}`,
  };
}
