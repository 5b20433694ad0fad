// How the process stops on SIGTERM (an orchestrator) or SIGINT (Ctrl-C): stop listening, let
// requests in flight finish within the shutdown timeout, cut what is left, close the
// database, and say so in one line. A second signal does not wait for any of it.
import { constants } from "node:os";
import type { Logger } from "./logger.js";
import type { RunningServer } from "./server.js";

/** Beyond the drain, closing the database gets this long before the process exits anyway. */
const CLOSE_GRACE_MS = 2000;

export function stopOnSignals(server: RunningServer, logger: Logger, shutdownMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, `second ${signal}: exiting without waiting`);
      process.exit(128 + constants.signals[signal]);
    }
    stopping = true;
    const started = performance.now();
    setTimeout(() => {
      logger.error({ signal }, "the database did not close in time; exiting anyway");
      process.exit(1);
    }, shutdownMs + CLOSE_GRACE_MS).unref();
    server.close(shutdownMs).then(
      ({ cutConnections }) => {
        const ms = Math.round(performance.now() - started);
        logger.info(
          { signal, ms, cutConnections },
          cutConnections
            ? `stopped on ${signal}, cutting requests still running after ${shutdownMs} ms`
            : `stopped on ${signal}`,
        );
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ signal, err: { name: (error as Error).name } }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
