// The server package's public surface: build the app, open a store, or start it all.
export { API_BASE_PATH, type AppDeps, createApp } from "./app.js";
export {
  type Config,
  ConfigError,
  DEFAULT_DATABASE_URL,
  DEMO_API_KEY,
  defaultConfig,
  loadConfig,
} from "./config.js";
export { messages } from "./domain/errors.js";
export type { ApiKeyPair } from "./http/auth.js";
export { createLogger, type Logger, type LogLevel, silentLogger } from "./logger.js";
export { type RunningServer, type StartServerOptions, startServer } from "./server.js";
export { DEMO } from "./store/demo-data.js";
export { explainListQueries, type QueryPlan } from "./store/explain.js";
export { type DatabaseConfig, openStore } from "./store/open.js";
export type { RefAttachFilter, Store } from "./store/store.js";
