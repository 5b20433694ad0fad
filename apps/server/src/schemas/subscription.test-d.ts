// The Subscription zod schemas must have exactly the types generated from the spec.
import type { z } from "@hono/zod-openapi";
import type { components, operations } from "@refattaches/api-types";
import { describe, expectTypeOf, it } from "vitest";
import type {
  RefAttachDeleted,
  Subscription,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionNumParam,
  SubscriptionUpdate,
  SubscriptionWithSecret,
  UpdatedSubscription,
  WatchTableName,
} from "./subscription.js";

type Schemas = components["schemas"];
/** zod cannot mark single properties readonly; the spec's readOnly is documentation here. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

describe("Subscription zod schemas equal the spec's generated types", () => {
  it("Subscription and SubscriptionWithSecret (responses compare z.output)", () => {
    expectTypeOf<z.output<typeof Subscription>>().toEqualTypeOf<
      Writable<Schemas["Subscription"]>
    >();
    expectTypeOf<z.output<typeof SubscriptionWithSecret>>().toEqualTypeOf<
      Writable<Schemas["SubscriptionWithSecret"]>
    >();
  });

  it("SubscriptionCreate and SubscriptionUpdate (request bodies compare z.input)", () => {
    expectTypeOf<z.input<typeof SubscriptionCreate>>().toEqualTypeOf<
      Schemas["SubscriptionCreate"]
    >();
    expectTypeOf<z.input<typeof SubscriptionUpdate>>().toEqualTypeOf<
      Schemas["SubscriptionUpdate"]
    >();
  });

  it("WatchTable and the RefAttachDeleted delivery row", () => {
    expectTypeOf<z.output<typeof WatchTableName>>().toEqualTypeOf<Schemas["WatchTable"]>();
    expectTypeOf<z.output<typeof RefAttachDeleted>>().toEqualTypeOf<Schemas["RefAttachDeleted"]>();
  });

  it("GET query and the SubscriptionNum path parameter, after parsing", () => {
    type Query = NonNullable<operations["listSubscriptions"]["parameters"]["query"]>;
    expectTypeOf<z.output<typeof SubscriptionListQuery>>().toEqualTypeOf<Query>();
    type Path = operations["updateSubscription"]["parameters"]["path"];
    expectTypeOf<z.output<typeof SubscriptionNumParam>>().toEqualTypeOf<Path>();
  });

  it("the PUT answer is either form", () => {
    type Answer = operations["updateSubscription"]["responses"][200]["content"]["application/json"];
    expectTypeOf<Answer>().toEqualTypeOf<
      Schemas["Subscription"] | Schemas["SubscriptionWithSecret"]
    >();
    expectTypeOf<z.output<typeof UpdatedSubscription>>().toEqualTypeOf<
      Writable<Schemas["Subscription"]> | Writable<Schemas["SubscriptionWithSecret"]>
    >();
  });
});
