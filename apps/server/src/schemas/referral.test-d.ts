import type { z } from "@hono/zod-openapi";
import type { components, operations } from "@refattaches/api-types";
import { describe, expectTypeOf, it } from "vitest";
import type {
  Referral,
  ReferralCreate,
  ReferralListQuery,
  ReferralNumParam,
  ReferralUpdate,
} from "./referral.js";

type Schemas = components["schemas"];
/** zod cannot mark single properties readonly; the spec's readOnly is documentation here. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

describe("Referral zod schemas equal the spec's generated types", () => {
  it("Referral", () => {
    expectTypeOf<z.output<typeof Referral>>().toEqualTypeOf<Writable<Schemas["Referral"]>>();
  });

  it("ReferralCreate and ReferralUpdate", () => {
    expectTypeOf<z.input<typeof ReferralCreate>>().toEqualTypeOf<Schemas["ReferralCreate"]>();
    expectTypeOf<z.input<typeof ReferralUpdate>>().toEqualTypeOf<Schemas["ReferralUpdate"]>();
  });

  it("GET query and the ReferralNum path parameter", () => {
    type Query = NonNullable<operations["listReferrals"]["parameters"]["query"]>;
    expectTypeOf<z.output<typeof ReferralListQuery>>().toEqualTypeOf<Query>();
    type Path = operations["getReferral"]["parameters"]["path"];
    expectTypeOf<z.output<typeof ReferralNumParam>>().toEqualTypeOf<Path>();
  });
});
