// The server's zod schemas must have exactly the types generated from the spec: a spec edit
// the server does not follow fails the type check (and so `pnpm test`).
import type { z } from "@hono/zod-openapi";
import type { components, operations } from "@refattaches/api-types";
import { describe, expectTypeOf, it } from "vitest";
import type { ErrorBody } from "./common.js";
import type {
  RefAttach,
  RefAttachCreate,
  RefAttachListQuery,
  RefAttachNumParam,
  RefAttachUpdate,
} from "./refattach.js";

type Schemas = components["schemas"];
/** zod cannot mark single properties readonly; the spec's readOnly is documentation here. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

describe("zod schemas equal the spec's generated types", () => {
  it("RefAttach (responses compare z.output)", () => {
    expectTypeOf<z.output<typeof RefAttach>>().toEqualTypeOf<Writable<Schemas["RefAttach"]>>();
  });

  it("RefAttachCreate and RefAttachUpdate (request bodies compare z.input)", () => {
    expectTypeOf<z.input<typeof RefAttachCreate>>().toEqualTypeOf<Schemas["RefAttachCreate"]>();
    expectTypeOf<z.input<typeof RefAttachUpdate>>().toEqualTypeOf<Schemas["RefAttachUpdate"]>();
  });

  it("Error", () => {
    expectTypeOf<z.output<typeof ErrorBody>>().toEqualTypeOf<Schemas["Error"]>();
  });

  it("GET query and the RefAttachNum path parameter, after parsing", () => {
    type Query = NonNullable<operations["listRefAttaches"]["parameters"]["query"]>;
    expectTypeOf<z.output<typeof RefAttachListQuery>>().toEqualTypeOf<Query>();
    type Path = operations["updateRefAttach"]["parameters"]["path"];
    expectTypeOf<z.output<typeof RefAttachNumParam>>().toEqualTypeOf<Path>();
  });
});
