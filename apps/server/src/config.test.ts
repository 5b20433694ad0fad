import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  configHelp,
  DEFAULT_DATABASE_URL,
  DEMO_API_KEY,
  defaultConfig,
  loadConfig,
  VARIABLES,
  type VariableName,
} from "./config.js";

const folder = mkdtempSync(join(tmpdir(), "refattaches-config-"));

describe("loadConfig", () => {
  it("defaults to 127.0.0.1:3000, the SQLite file, demo data and the demo key", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: "sqlite:./data/refattaches.sqlite",
      apiKeys: [DEMO_API_KEY],
      demoData: true,
      usingDemoKey: true,
      production: false,
      logLevel: "info",
      requestIdHeader: undefined,
      mysql: {
        poolSize: 10,
        maxIdle: 10,
        idleTimeoutMs: 60_000,
        queueLimit: 500,
        connectTimeoutMs: 5_000,
        lockWaitTimeoutSeconds: 3,
        transactionRetries: 3,
        queryTimeoutMs: 5_000,
      },
      workers: 1,
      bodyLimit: 1024 * 1024,
      timeouts: { headersMs: 10_000, requestMs: 30_000, shutdownMs: 10_000 },
      sqliteQuickCheckMaxMb: 128,
      limits: { maxPageSize: 100, authFailuresPerMinute: 20, rateLimitPerSecond: 0 },
      webhooks: { allowPrivateUrls: false },
    });
    expect(defaultConfig()).toEqual(loadConfig({}));
  });

  it("reads each variable's default text as if it were set to it", () => {
    for (const [name, variable] of Object.entries(VARIABLES) as [
      VariableName,
      { default?: string },
    ][]) {
      if (variable.default === undefined) continue;
      expect(loadConfig({ [name]: variable.default }), name).toEqual(loadConfig({}));
    }
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: `sqlite:${join(folder, "x.sqlite")}`,
      DEMO_DATA: "0",
      OD_API_KEYS: "devA/custA, devB/custB",
      LOG_LEVEL: "warn",
      REQUEST_ID_HEADER: "X-Request-Id",
      DB_POOL_SIZE: "25",
      DB_LOCK_WAIT_TIMEOUT_S: "3",
      BODY_LIMIT: "65536",
      HEADERS_TIMEOUT_MS: "5000",
      REQUEST_TIMEOUT_MS: "20000",
      SHUTDOWN_TIMEOUT_MS: "0",
      SQLITE_QUICK_CHECK_MAX_MB: "0",
      DB_QUERY_TIMEOUT_MS: "4000",
      MAX_PAGE_SIZE: "1000",
      AUTH_FAILURES_PER_MINUTE: "50",
      RATE_LIMIT_PER_SECOND: "0.2",
      WEBHOOK_ALLOW_PRIVATE_URLS: "1",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      databaseUrl: `sqlite:${join(folder, "x.sqlite")}`,
      apiKeys: [
        { developerKey: "devA", customerKey: "custA" },
        { developerKey: "devB", customerKey: "custB" },
      ],
      demoData: false,
      usingDemoKey: false,
      logLevel: "warn",
      requestIdHeader: "X-Request-Id",
      // The idle limit follows the pool size unless set on its own.
      mysql: {
        ...defaultConfig().mysql,
        poolSize: 25,
        maxIdle: 25,
        lockWaitTimeoutSeconds: 3,
        queryTimeoutMs: 4000,
      },
      limits: { maxPageSize: 1000, authFailuresPerMinute: 50, rateLimitPerSecond: 0.2 },
      bodyLimit: 65536,
      timeouts: { headersMs: 5000, requestMs: 20_000, shutdownMs: 0 },
      sqliteQuickCheckMaxMb: 0,
      webhooks: { allowPrivateUrls: true },
    });
  });

  it("refuses a headers timeout longer than the whole request's", () => {
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: "40000" })).toThrow(
      /^HEADERS_TIMEOUT_MS \("40000"\) is longer than REQUEST_TIMEOUT_MS, which includes the headers; for example HEADERS_TIMEOUT_MS=5000$/,
    );
    expect(() => loadConfig({ BODY_LIMIT: "1mb" })).toThrow(
      /^BODY_LIMIT \("1mb"\) is not a whole decimal number; for example BODY_LIMIT=65536$/,
    );
  });

  it.each(["production", "Production", "PROD", "prod", " production "])(
    "treats NODE_ENV=%s as production: keys required, demo data off",
    (NODE_ENV) => {
      expect(() => loadConfig({ NODE_ENV })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV })).toThrow(/OD_API_KEYS is empty/);
      const config = loadConfig({ NODE_ENV, OD_API_KEYS: "a/b" });
      expect(config).toMatchObject({ production: true, usingDemoKey: false, demoData: false });
      expect(loadConfig({ NODE_ENV, OD_API_KEYS: "a/b", DEMO_DATA: "1" }).demoData).toBe(true);
    },
  );

  it("reads keys from OD_API_KEYS_FILE, one per line, and refuses both at once", () => {
    const file = join(folder, "keys");
    writeFileSync(file, "# API keys\ndevA/custA\n\ndevB/custB\n");
    expect(loadConfig({ OD_API_KEYS_FILE: file }).apiKeys).toEqual([
      { developerKey: "devA", customerKey: "custA" },
      { developerKey: "devB", customerKey: "custB" },
    ]);
    expect(() => loadConfig({ OD_API_KEYS_FILE: file, OD_API_KEYS: "a/b" })).toThrow(
      /OD_API_KEYS_FILE .*set together with OD_API_KEYS/,
    );
    expect(() => loadConfig({ OD_API_KEYS_FILE: join(folder, "missing") })).toThrow(
      /OD_API_KEYS_FILE \(".*missing"\) does not name a readable file/,
    );
  });

  it("explains a malformed key entry without echoing the secret", () => {
    const attempt = () => loadConfig({ OD_API_KEYS: "good/pair,secret-without-slash" });
    expect(attempt).toThrow(
      "OD_API_KEYS entry 2 is not DeveloperKey/CustomerKey; for example OD_API_KEYS=",
    );
    expect(attempt).not.toThrow(/secret-without-slash/);
  });

  it.each([
    ["", /PORT is empty \(unset it to use the default\); for example PORT=3000/],
    ["0x10A6", /PORT \("0x10A6"\) is not a whole decimal number; for example PORT=3000/],
    ["abc", /PORT \("abc"\) is not a whole decimal number/],
    ["-1", /PORT \("-1"\) is not a whole decimal number/],
    ["1e3", /PORT \("1e3"\) is not a whole decimal number/],
    ["70000", /PORT \("70000"\) must be at most 65535/],
  ])("rejects PORT=%j", (PORT, message) => {
    expect(() => loadConfig({ PORT })).toThrow(message);
  });

  it.each([
    ["foo", /DATABASE_URL must start with sqlite:, file:, mysql:\/\/ or mariadb:\/\//],
    ["postgres://u@h/db", /DATABASE_URL must start with sqlite:/],
    [
      `sqlite:${join(folder, "no-such-folder", "x.sqlite")}`,
      /no-such-folder, which does not exist/,
    ],
  ])("rejects DATABASE_URL=%s without echoing it", (DATABASE_URL, message) => {
    expect(() => loadConfig({ DATABASE_URL })).toThrow(message);
    expect(() => loadConfig({ DATABASE_URL })).toThrow(/for example DATABASE_URL=mysql:\/\//);
  });

  it("accepts the default data folder before it exists, :memory: and MySQL URLs", () => {
    expect(loadConfig({ DATABASE_URL: DEFAULT_DATABASE_URL }).databaseUrl).toBe(
      DEFAULT_DATABASE_URL,
    );
    expect(loadConfig({ DATABASE_URL: "sqlite::memory:" }).databaseUrl).toBe("sqlite::memory:");
    expect(loadConfig({ DATABASE_URL: "mysql://u:p@h:3306/db" }).databaseUrl).toBe(
      "mysql://u:p@h:3306/db",
    );
  });

  it("reads WORKERS as a count, or auto for one per CPU core", () => {
    expect(loadConfig({ WORKERS: "2" }).workers).toBe(2);
    expect(loadConfig({ WORKERS: "auto" }).workers).toBe(availableParallelism());
    expect(() => loadConfig({ WORKERS: "0" })).toThrow(/WORKERS \("0"\) must be at least 1/);
    expect(() => loadConfig({ WORKERS: "many" })).toThrow(/WORKERS \("many"\)/);
  });

  it("keeps MySQL lock waits shorter than the query timeout, so they are retried, not cut", () => {
    expect(() => loadConfig({ DB_LOCK_WAIT_TIMEOUT_S: "5" })).toThrow(
      /DB_LOCK_WAIT_TIMEOUT_S \("5"\) must be shorter than DB_QUERY_TIMEOUT_MS/,
    );
    expect(
      loadConfig({ DB_LOCK_WAIT_TIMEOUT_S: "5", DB_QUERY_TIMEOUT_MS: "6000" }).mysql,
    ).toMatchObject({ lockWaitTimeoutSeconds: 5, queryTimeoutMs: 6000 });
  });

  it("reports every problem at once, naming each variable", () => {
    expect(() => loadConfig({ PORT: "x", LOG_LEVEL: "loud", DB_POOL_SIZE: "0" })).toThrow(
      /PORT .*\nLOG_LEVEL \("loud"\) must be one of fatal, .*\nDB_POOL_SIZE \("0"\) must be at least 1/,
    );
  });
});

describe("configHelp", () => {
  it("lists every variable with its default", () => {
    const help = configHelp();
    for (const [name, variable] of Object.entries(VARIABLES)) {
      expect(help).toMatch(
        new RegExp(
          `^${name} +${(variable.default ?? variable.unset ?? "(unset)").replace(/[()]/g, "\\$&")} `,
          "m",
        ),
      );
    }
  });
});
