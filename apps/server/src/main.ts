// Entry point: configuration from the environment, then serve until SIGINT/SIGTERM.
import { loadConfig } from "./config.js";
import { startServer } from "./server.js";
import { redact } from "./store/open.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.usingDemoKey) {
    console.warn(
      "warning: OD_API_KEYS is not set, so only the demo key pair is accepted: " +
        "Authorization: ODFHIR demo-developer-key/demo-customer-key. Set OD_API_KEYS before real use.",
    );
  }
  const server = await startServer(config);
  console.log(
    `RefAttaches API listening on ${server.url} (database ${redact(config.databaseUrl)})`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  // Start-up errors (configuration, an unreachable or incompatible database) are written
  // for the person starting the server; a stack would only bury the message.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
