import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_API_KEY, loadConfig } from "./config.js";
import { DEFAULT_DATABASE_URL } from "./store/open.js";

describe("loadConfig", () => {
  it("defaults to 127.0.0.1:3000, the SQLite file, demo data and the demo key", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: DEFAULT_DATABASE_URL,
      apiKeys: [DEMO_API_KEY],
      demoData: true,
      usingDemoKey: true,
    });
  });

  it("reads PORT, HOST, DATABASE_URL, DEMO_DATA and comma-separated OD_API_KEYS", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "sqlite:/tmp/x.sqlite",
      DEMO_DATA: "0",
      OD_API_KEYS: "devA/custA, devB/custB",
    });
    expect(config).toEqual({
      port: 8080,
      host: "0.0.0.0",
      databaseUrl: "sqlite:/tmp/x.sqlite",
      apiKeys: [
        { developerKey: "devA", customerKey: "custA" },
        { developerKey: "devB", customerKey: "custB" },
      ],
      demoData: false,
      usingDemoKey: false,
    });
  });

  it("refuses to run in production without keys", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/OD_API_KEYS/);
    expect(loadConfig({ NODE_ENV: "production", OD_API_KEYS: "a/b" }).usingDemoKey).toBe(false);
  });

  it("explains a malformed key entry without echoing the secret", () => {
    expect(() => loadConfig({ OD_API_KEYS: "good/pair,secret-without-slash" })).toThrow(
      "OD_API_KEYS entry 2 is not DeveloperKey/CustomerKey",
    );
  });

  it.each(["abc", "70000", "-1"])("rejects PORT=%s", (PORT) => {
    expect(() => loadConfig({ PORT })).toThrow(/PORT must be a port number/);
  });
});
