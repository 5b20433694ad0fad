// Entry point (`node dist/main.js`, or the `refattaches-server` command through bin/):
// configuration from the environment, then serve until SIGINT/SIGTERM.
import cluster from "node:cluster";
import { runPrimary, servesRequests } from "./cluster.js";
import { ConfigError, configHelp, loadConfig } from "./config.js";
import { openLogger } from "./logger.js";
import { startServer } from "./server.js";
import { stopOnSignals } from "./shutdown.js";
import { redact } from "./store/database-url.js";

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(configHelp());
    return;
  }
  const config = loadConfig(process.env);
  const logger = await openLogger({
    level: config.logLevel,
    pretty: process.stdout.isTTY === true && !config.production,
  });
  if (config.usingDemoKey && !cluster.isWorker) {
    logger.warn(
      "OD_API_KEYS is not set, so only the demo key pair is accepted: " +
        "Authorization: ODFHIR demo-developer-key/demo-customer-key. Set OD_API_KEYS before real use.",
    );
  }
  if (!servesRequests(config)) return runPrimary(config, logger);
  const server = await startServer({ ...config, logger });
  const docs = `${server.origin}/docs`;
  logger.info(
    { url: server.url, docs, database: redact(config.databaseUrl) },
    `RefAttaches API listening on ${server.url} (API reference: ${docs})`,
  );
  stopOnSignals(server, logger, config.timeouts.shutdownMs);
}

main().catch((error: unknown) => {
  // Start-up errors (configuration, an unreachable or incompatible database) are written
  // for the person starting the server; a stack would only bury the message.
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    error instanceof ConfigError
      ? `error: invalid configuration:\n${message}`
      : `error: ${message}`,
  );
  process.exit(1);
});
