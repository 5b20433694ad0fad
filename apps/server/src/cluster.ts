// WORKERS=N: N server processes share one port through node:cluster (the primary accepts
// connections and hands them to the workers in turn). Each worker opens its own store: SQLite
// processes share the file (WAL; BEGIN IMMEDIATE serialises their writes), MySQL workers each
// keep a pool of DB_POOL_SIZE connections. The primary prepares the database once before any
// worker starts, so workers never race to create tables or demo data. SIGTERM (or SIGINT)
// to the primary stops every worker the way one server stops (in-flight requests finish),
// then the primary exits.
import cluster, { type Worker } from "node:cluster";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { openStore } from "./store/open.js";

/** True in a process that should serve requests itself (a worker, or WORKERS=1). */
export const servesRequests = (config: Pick<Config, "workers">): boolean =>
  config.workers <= 1 || cluster.isWorker;

/** A worker that exits this soon after it was started is failing to start: do not loop. */
const CRASH_LOOP_MS = 5_000;

export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const store = await openStore(config.databaseUrl, { ...config, logger });
  await store.close();

  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());
  for (let i = 0; i < config.workers; i++) fork();

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) {
        logger.info("all workers stopped");
        process.exit(0);
      }
      return;
    }
    if (lived < CRASH_LOOP_MS) {
      logger.error({ code, signal }, "a worker failed to start; stopping");
      stop(1);
      return;
    }
    logger.error({ code, signal }, "a worker exited; starting another");
    fork();
  });

  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (startedAt.size === 0) process.exit(exitCode);
    for (const worker of startedAt.keys()) worker.process.kill("SIGTERM");
    if (exitCode !== 0) process.exitCode = exitCode;
  };
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
  logger.info({ workers: config.workers }, "starting workers");
}
