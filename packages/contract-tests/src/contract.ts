import { groupResources, type Resource } from "./resources.js";
import {
  defaultSpecPath,
  type JsonValue,
  loadSpec,
  type Operation,
  resolveSchema,
  type Schema,
  type Spec,
} from "./spec.js";
import { createValidator, type Validator } from "./validate.js";

/** Everything the checks derive from the spec alone, before talking to any server. */
export interface Contract {
  spec: Spec;
  validator: Validator;
  resources: Resource[];
  /** GETs served outside the API's base path (health and readiness), checked one by one. */
  probes: Operation[];
  uncovered: Operation[];
  /** Top-level fields of the spec's request examples: the valid values the checks start from. */
  exampleValues: Map<string, JsonValue>;
}

export async function loadContract(specPath: string = defaultSpecPath()): Promise<Contract> {
  const spec = await loadSpec(specPath);
  const outside = (operation: Operation) => operation.basePath !== undefined;
  const { resources, uncovered } = groupResources(spec.operations.filter((o) => !outside(o)));
  const probes = spec.operations.filter((o) => outside(o) && o.method === "GET");
  uncovered.push(...spec.operations.filter((o) => outside(o) && o.method !== "GET"));
  const exampleValues = new Map<string, JsonValue>();
  for (const operation of spec.operations) {
    const example = operation.requestBody?.content.example;
    if (!isObject(example)) continue;
    for (const [name, value] of Object.entries(example)) {
      if (!exampleValues.has(name)) exampleValues.set(name, value);
    }
  }
  return { spec, validator: createValidator(spec), resources, probes, uncovered, exampleValues };
}

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A schema's `$ref` chain flattened, for reading keywords (see `resolveSchema`). */
export function resolve(contract: Contract, schema: Schema): Schema {
  return resolveSchema(contract.spec.document, schema);
}
