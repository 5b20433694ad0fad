// Every store method runs through one guard: a database that cannot serve now turns into a 503
// answer (the pool reconnects by itself once it answers again), and a value a column cannot
// hold into a 400. Unavailable spells are logged once when they start and once when they end,
// by code only.
import { messages, RuleError } from "../../domain/errors.js";
import type { Logger } from "../../logger.js";
import { errorCode, isUnavailable, unstorableValue } from "./errors.js";
import type { MysqlTarget } from "./url.js";

/** Every method of `methods`, each run through the guard. */
export function guardEach<T extends object>(methods: T, logger: Logger, target: MysqlTarget): T {
  let unavailableSince: number | undefined;
  async function guard<R>(operation: () => Promise<R>): Promise<R> {
    try {
      const result = await operation();
      if (unavailableSince !== undefined) {
        logger.info({ unavailableMs: Date.now() - unavailableSince }, "database available again");
        unavailableSince = undefined;
      }
      return result;
    } catch (error) {
      const unstorable = unstorableValue(error);
      if (unstorable) throw unstorable;
      if (!isUnavailable(error)) throw error;
      if (unavailableSince === undefined) {
        unavailableSince = Date.now();
        logger.warn(
          { code: errorCode(error), database: `${target.host}:${target.port}` },
          "database unavailable; answering 503 until it responds",
        );
      }
      const unavailable = new RuleError("Unavailable", messages.databaseUnavailable);
      unavailable.cause = error;
      throw unavailable;
    }
  }

  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    const call = method as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = (...args: unknown[]) => guard(() => call(...args));
  }
  return guarded as T;
}
