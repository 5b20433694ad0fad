// Configuration from the environment; README.md documents every variable.
import type { ApiKeyPair } from "./http/auth.js";
import { parseAuthorization } from "./http/auth.js";
import { DEFAULT_DATABASE_URL } from "./store/open.js";

/** Accepted when OD_API_KEYS is empty, outside production. Documented in the README. */
export const DEMO_API_KEY: ApiKeyPair = {
  developerKey: "demo-developer-key",
  customerKey: "demo-customer-key",
};

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  apiKeys: ApiKeyPair[];
  demoData: boolean;
  /** No keys were configured, so only DEMO_API_KEY is accepted. */
  usingDemoKey: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const apiKeys = parseApiKeys(env.OD_API_KEYS ?? "");
  if (apiKeys.length === 0 && env.NODE_ENV === "production") {
    throw new ConfigError(
      "OD_API_KEYS is empty: in production set it to comma-separated DeveloperKey/CustomerKey pairs",
    );
  }
  return {
    port,
    host: env.HOST || "127.0.0.1",
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    apiKeys: apiKeys.length > 0 ? apiKeys : [DEMO_API_KEY],
    demoData: env.DEMO_DATA !== "0",
    usingDemoKey: apiKeys.length === 0,
  };
}

function parseApiKeys(value: string): ApiKeyPair[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry, index) => {
      const pair = parseAuthorization(`ODFHIR ${entry}`);
      // The message gives the position only: the value is a secret.
      if (!pair)
        throw new ConfigError(`OD_API_KEYS entry ${index + 1} is not DeveloperKey/CustomerKey`);
      return pair;
    });
}
