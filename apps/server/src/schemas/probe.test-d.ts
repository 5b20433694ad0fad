import type { z } from "@hono/zod-openapi";
import type { components } from "@refattaches/api-types";
import { describe, expectTypeOf, it } from "vitest";
import type { Health, Ready } from "./probe.js";

type Schemas = components["schemas"];

describe("probe zod schemas equal the spec's generated types", () => {
  it("Health and Ready", () => {
    expectTypeOf<z.output<typeof Health>>().toEqualTypeOf<Schemas["Health"]>();
    expectTypeOf<z.output<typeof Ready>>().toEqualTypeOf<Schemas["Ready"]>();
  });
});
