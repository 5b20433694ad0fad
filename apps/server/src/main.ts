#!/usr/bin/env node
// Entry point: configuration from the environment, then serve until SIGINT/SIGTERM.
import { ConfigError, configHelp, loadConfig } from "./config.js";
import { openLogger } from "./logger.js";
import { startServer } from "./server.js";
import { redact } from "./store/open.js";

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
  if (config.usingDemoKey) {
    logger.warn(
      "OD_API_KEYS is not set, so only the demo key pair is accepted: " +
        "Authorization: ODFHIR demo-developer-key/demo-customer-key. Set OD_API_KEYS before real use.",
    );
  }
  const server = await startServer({ ...config, logger });
  logger.info(
    { url: server.url, database: redact(config.databaseUrl) },
    `RefAttaches API listening on ${server.url}`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
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
