// Query shapes compiled once. Kysely stays the one place SQL is written, but building and
// compiling the same query on every request costs more than running it: a shape is written
// with named slots instead of values, compiled once, and each call only fills the slots.
import type { Compilable, CompiledQuery } from "kysely";

/** A stand-in for a value, found again in the compiled parameters by identity. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * The slots a shape is written with: `slots.PatNum` stands where the PatNum value goes.
 * Typed as the value itself so the query builder checks the column types as usual.
 */
export type Slots<P> = { readonly [K in keyof P]: P[K] };

export interface QueryShape<P, R> {
  /** The compiled SQL text, unchanged from call to call (statement caches key on it). */
  readonly sql: string;
  /** The compiled query with these values in the slots. */
  bind(values: P): CompiledQuery<R>;
  /** Only the SQL and the parameters, for a backend's direct read (StoreDialect.read). */
  bound(values: P): BoundQuery<R>;
}

/** A query's SQL text and its parameters, in order: what a cached statement takes. */
// R is the row type a read of it returns, carried by the type alone.
export interface BoundQuery<R> {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Never set: keeps R in the type, so a read is typed by its query. */
  readonly rowType?: R;
}

/**
 * Compiles `build`'s query once. Every slot must end up as a bound parameter (not inlined
 * into the SQL text), which `bind` checks once at compile time.
 */
export function compileShape<P extends object, R>(
  names: readonly (keyof P & string)[],
  build: (slots: Slots<P>) => Compilable<R>,
): QueryShape<P, R> {
  const slots = Object.fromEntries(names.map((name) => [name, new Slot(name)]));
  const compiled = build(slots as unknown as Slots<P>).compile();
  const template = compiled.parameters;
  const slotAt = template.map((value) =>
    value instanceof Slot ? (value.name as keyof P & string) : undefined,
  );
  for (const name of names) {
    if (!slotAt.includes(name)) throw new Error(`Query shape never uses its slot "${name}"`);
  }
  const parameters = (values: P): unknown[] => {
    const list = new Array<unknown>(template.length);
    for (let i = 0; i < template.length; i++) {
      const name = slotAt[i];
      list[i] = name === undefined ? template[i] : values[name];
    }
    return list;
  };
  return {
    sql: compiled.sql,
    bound: (values: P): BoundQuery<R> => ({ sql: compiled.sql, parameters: parameters(values) }),
    bind: (values: P): CompiledQuery<R> => ({ ...compiled, parameters: parameters(values) }),
  };
}
