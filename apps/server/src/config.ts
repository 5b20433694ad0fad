// Configuration from the environment: one schema for every variable the server reads. Each
// entry carries its default, an example and a line of help, so the same table validates the
// environment, prints `--help`, words every error and makes `loadConfig({})` the complete
// default configuration (README.md's Configuration section lists the same variables). This is
// the one place a default is stated: the server, the store, the seed loader and the bench take
// a resolved Config (or its database part) and hold no default of their own.
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { z } from "@hono/zod-openapi";
import { DEFAULT_PAGE_SIZE } from "./domain/paging.js";
import type { ApiKeyPair } from "./http/auth.js";
import { parseAuthorization } from "./http/auth.js";
import type { ApiLimits } from "./http/limits.js";
import { LOG_LEVELS, type LogLevel } from "./logger.js";
import { isMysqlUrl, sqliteFileOf } from "./store/database-url.js";
import type { DatabaseConfig } from "./store/open.js";
import type { Timeouts } from "./timeouts.js";

/** Accepted when no keys are configured, outside production. Documented in the README. */
export const DEMO_API_KEY: ApiKeyPair = {
  developerKey: "demo-developer-key",
  customerKey: "demo-customer-key",
};

/** DATABASE_URL's default: an SQLite file in `data/` under the working directory. */
export const DEFAULT_DATABASE_URL = "sqlite:./data/refattaches.sqlite";

export interface Config extends DatabaseConfig {
  port: number;
  host: string;
  apiKeys: ApiKeyPair[];
  /** No keys were configured, so only DEMO_API_KEY is accepted. */
  usingDemoKey: boolean;
  production: boolean;
  logLevel: LogLevel;
  /** Incoming header whose value becomes the request id; unset: ids are always generated. */
  requestIdHeader: string | undefined;
  /** Server processes sharing the port (cluster.ts); 1 serves from this process alone. */
  workers: number;
  /** Largest request body in bytes. */
  bodyLimit: number;
  timeouts: Timeouts;
  limits: ApiLimits;
  webhooks: WebhookSettings;
}

/** Change events (subscriptions): what the deployment allows. */
export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: EndPointUrls may be loopback, private or link-local. */
  allowPrivateUrls: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

interface Meta {
  example: string;
  help: string;
  /** Never echoed in an error message. */
  secret?: boolean;
}

/** One environment variable: how its text parses, what unset means, and its help. */
interface Variable<T> extends Meta {
  /** Reads the variable's text (trimmed, never empty) or, when it is unset, its default. */
  schema: z.ZodType<T, string | undefined>;
  /** The text an unset variable reads as; --help shows it. */
  default?: string;
  /** Without a default: what unset means, for --help (loadConfig applies the rule). */
  unset?: string;
}

/** The variable's text as every schema reads it: trimmed, and never empty. */
const text = <T>(schema: z.ZodType<T, string>) =>
  z.string().trim().min(1, "is empty (unset it to use the default)").pipe(schema);

/** A variable with a default: unset, it reads as if set to `meta.default`. */
const variable = <T>(
  schema: z.ZodType<T, string>,
  meta: Meta & { default: string },
): Variable<T> => ({ ...meta, schema: text(schema).prefault(meta.default) });

/** A variable without a default value: unset, it is undefined (see `meta.unset`). */
const optional = <T>(
  schema: z.ZodType<T, string>,
  meta: Meta & { unset?: string },
): Variable<T | undefined> => ({ ...meta, schema: text(schema).optional() });

const decimal = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, "is not a whole decimal number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A rate such as 0.2 or 10: digits with an optional fraction. */
const rate = z
  .string()
  .regex(/^\d+(\.\d+)?$/, "is not a decimal number such as 0.2 or 10")
  .transform(Number)
  .pipe(z.number().max(1_000_000, "must be at most 1000000"));

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, `must be one of ${values.join(", ")}`);

const booleanText = z
  .enum(["1", "0", "true", "false"], "must be 1, 0, true or false")
  .transform((value) => value === "1" || value === "true");

const databaseUrl = z.string().superRefine((value, ctx) => {
  if (isMysqlUrl(value)) return;
  const file = sqliteFileOf(value);
  if (file === undefined) {
    ctx.addIssue("must start with sqlite:, file:, mysql:// or mariadb://");
    return;
  }
  if (file === ":memory:") return;
  const folder = dirname(resolve(file));
  // The default data folder is created on first start; any other must already exist, so a
  // typo does not quietly create a new, empty database somewhere else.
  if (value !== DEFAULT_DATABASE_URL && !existsSync(folder)) {
    ctx.addIssue(`names a file in folder ${folder}, which does not exist`);
  }
});

const splitKeys = (text: string) =>
  text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && !entry.startsWith("#"));

/** Key pairs from text; an error gives the position only, since the value is a secret. */
const keyPairs = (prefix: string) =>
  z.string().transform((text, ctx): ApiKeyPair[] => {
    const entries = splitKeys(text);
    if (entries.length === 0) ctx.addIssue(`${prefix}holds no DeveloperKey/CustomerKey pair`);
    const pairs = entries.map((entry) => parseAuthorization(`ODFHIR ${entry}`));
    const bad = pairs.indexOf(undefined);
    if (bad !== -1) ctx.addIssue(`${prefix}entry ${bad + 1} is not DeveloperKey/CustomerKey`);
    return pairs.filter((pair): pair is ApiKeyPair => pair !== undefined);
  });

const keysFile = z
  .string()
  .refine((path) => existsSync(path) && statSync(path).isFile(), "does not name a readable file")
  .transform((path) => readFileSync(path, "utf8"))
  .pipe(keyPairs("(its content) "));

/** Every variable the server reads, in the order --help lists them. */
export const VARIABLES = {
  PORT: variable(decimal(0, 65535), {
    default: "3000",
    example: "3000",
    help: "TCP port to listen on (0 picks a free one)",
  }),
  HOST: variable(z.string().regex(/^\S+$/, "must not contain spaces"), {
    default: "127.0.0.1",
    example: "0.0.0.0",
    help: "Address to listen on; 0.0.0.0 for every interface",
  }),
  DATABASE_URL: variable(databaseUrl, {
    default: DEFAULT_DATABASE_URL,
    example: "mysql://user:password@dbhost:3306/opendental",
    help: "sqlite:PATH (embedded) or mysql://USER:PASS@HOST:PORT/DB (MySQL/MariaDB)",
    secret: true,
  }),
  OD_API_KEYS: optional(keyPairs(""), {
    example: "devKey1/custKey1,devKey2/custKey2",
    help: "Accepted DeveloperKey/CustomerKey pairs, comma-separated (unset: the demo pair, not in production)",
    secret: true,
  }),
  OD_API_KEYS_FILE: optional(keysFile, {
    example: "/run/secrets/od_api_keys",
    help: "File holding the key pairs (one per line or comma-separated), instead of OD_API_KEYS",
  }),
  NODE_ENV: variable(z.string().transform(isProduction), {
    default: "development",
    example: "production",
    help: "production (or prod, any case) requires keys and turns demo data off by default",
  }),
  DEMO_DATA: optional(booleanText, {
    unset: "1 (0 in production)",
    example: "0",
    help: "Fill a newly created database with the demo patients and referrals (1/0)",
  }),
  LOG_LEVEL: variable(oneOf(LOG_LEVELS), {
    default: "info",
    example: "warn",
    help: `Least severe log level written: ${LOG_LEVELS.join(", ")}`,
  }),
  REQUEST_ID_HEADER: optional(z.string().regex(/^[A-Za-z0-9-]+$/, "is not a header name"), {
    example: "X-Request-Id",
    help: "Trusted incoming header whose value becomes the request id (only behind a proxy that sets it)",
  }),
  WORKERS: variable(
    z.union([z.literal("auto").transform(() => availableParallelism()), decimal(1, 64)]),
    {
      default: "1",
      example: "auto",
      help: "Server processes sharing the port (node:cluster); auto = one per CPU core",
    },
  ),
  BODY_LIMIT: variable(decimal(1), {
    // 1 MiB, far above any RefAttach or Referral body.
    default: "1048576",
    example: "65536",
    help: "Largest request body in bytes; larger ones get 413 (declared ones before they are read)",
  }),
  // Open Dental answers 504 past 60 s, so a client that has not sent its request well before
  // that is cut off.
  HEADERS_TIMEOUT_MS: variable(decimal(1000), {
    default: "10000",
    example: "5000",
    help: "A client must send a request's headers within this many ms (else 408, connection closed)",
  }),
  REQUEST_TIMEOUT_MS: variable(decimal(1000), {
    default: "30000",
    example: "20000",
    help: "A client must send a whole request, headers and body, within this many ms",
  }),
  SHUTDOWN_TIMEOUT_MS: variable(decimal(0), {
    default: "10000",
    example: "5000",
    help: "On SIGTERM/SIGINT, requests in flight get this many ms; then connections are cut",
  }),
  // quick_check reads the whole file: about 0.5 s for 270 MB from the page cache on these
  // machines, a few times that from a cold disk. 128 MB keeps it near a quarter of a second,
  // within the start-up target of 500 ms to the first answer; larger files start with a
  // warning that says how to check.
  SQLITE_QUICK_CHECK_MAX_MB: variable(decimal(0), {
    default: "128",
    example: "0",
    help: "SQLite: run PRAGMA quick_check at start-up on files up to this size (0 = never)",
  }),
  DB_POOL_SIZE: variable(decimal(1), {
    default: "10",
    example: "20",
    help: "MySQL: connections per server process",
  }),
  DB_POOL_MAX_IDLE: optional(decimal(0), {
    unset: "DB_POOL_SIZE",
    example: "5",
    help: "MySQL: idle connections kept open",
  }),
  DB_POOL_IDLE_TIMEOUT_MS: variable(decimal(1000), {
    default: "60000",
    example: "30000",
    help: "MySQL: idle connections above DB_POOL_MAX_IDLE close after this many ms",
  }),
  DB_POOL_QUEUE_LIMIT: variable(decimal(0), {
    default: "500",
    example: "1000",
    help: "MySQL: requests that may wait for a connection before 503 (0 = no limit)",
  }),
  DB_CONNECT_TIMEOUT_MS: variable(decimal(100), {
    default: "5000",
    example: "2000",
    help: "MySQL: how long opening one connection may take",
  }),
  // Below DB_QUERY_TIMEOUT_MS, so a lock wait ends as a retryable lock timeout, not as a 503.
  DB_LOCK_WAIT_TIMEOUT_S: variable(decimal(1), {
    default: "3",
    example: "5",
    help: "MySQL: how long a write waits for another's lock before it is retried",
  }),
  DB_TRANSACTION_RETRIES: variable(decimal(0), {
    default: "3",
    example: "5",
    help: "MySQL: retries of a write after a deadlock or lock wait timeout",
  }),
  DB_QUERY_TIMEOUT_MS: variable(decimal(100), {
    default: "5000",
    example: "3000",
    help: "MySQL: a statement without an answer for this long (a stalled database) gives 503",
  }),
  MAX_PAGE_SIZE: variable(decimal(DEFAULT_PAGE_SIZE, 10_000), {
    default: String(DEFAULT_PAGE_SIZE),
    example: "1000",
    help: "Largest Limit a list GET accepts (Open Dental's local API allows 1000)",
  }),
  AUTH_FAILURES_PER_MINUTE: variable(decimal(0), {
    default: "20",
    example: "50",
    help: "Failed authentications per client address per minute before 429 (0 = no limit)",
  }),
  RATE_LIMIT_PER_SECOND: variable(rate, {
    default: "0",
    example: "1",
    help: "Requests per second per customer key before 429 (0 = no limit), like Open Dental's hosted API",
  }),
  WEBHOOK_ALLOW_PRIVATE_URLS: variable(booleanText, {
    default: "0",
    example: "1",
    help: "Subscriptions may deliver to loopback, private and link-local addresses (a receiver on this machine or network)",
  }),
};

type Variables = typeof VARIABLES;
export type VariableName = keyof Variables;
type Values = { [K in VariableName]: z.output<Variables[K]["schema"]> };

/** `NODE_ENV` as operators write it: Production, PROD and prod all mean production. */
export function isProduction(nodeEnv: string | undefined): boolean {
  return /^prod(uction)?$/i.test(nodeEnv?.trim() ?? "");
}

/**
 * The whole environment as one zod object: each variable parsed by its own schema (an empty
 * one rejected, so a stray `PORT=` cannot mean "random port"; an unset one read as its
 * default), then the rules that tie variables together.
 */
const EnvSchema = z
  .object(
    Object.fromEntries(Object.entries(VARIABLES).map(([name, { schema }]) => [name, schema])) as {
      [K in VariableName]: Variables[K]["schema"];
    },
  )
  .refine((env) => !(env.OD_API_KEYS && env.OD_API_KEYS_FILE), {
    path: ["OD_API_KEYS_FILE"],
    message: "is set together with OD_API_KEYS; set only one",
  })
  .refine((env) => env.HEADERS_TIMEOUT_MS <= env.REQUEST_TIMEOUT_MS, {
    path: ["HEADERS_TIMEOUT_MS"],
    message: "is longer than REQUEST_TIMEOUT_MS, which includes the headers",
  })
  .refine((env) => env.DB_LOCK_WAIT_TIMEOUT_S * 1000 < env.DB_QUERY_TIMEOUT_MS, {
    // A lock wait is a statement too: cut by the query timeout first, it would answer 503
    // instead of being retried.
    path: ["DB_LOCK_WAIT_TIMEOUT_S"],
    message: "must be shorter than DB_QUERY_TIMEOUT_MS, or lock waits end in 503 unretried",
  }) as unknown as z.ZodType<Values, Partial<Record<string, string>>>;

/** Every problem at once, each naming the variable, what is wrong and an example. */
function explain(error: z.ZodError, env: Partial<Record<string, string>>): string {
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0]) as VariableName;
      const meta: Meta = VARIABLES[name];
      const raw = env[name]?.trim() ?? "";
      const shown = meta.secret || raw === "" ? "" : ` ("${raw}")`;
      return `${name}${shown} ${issue.message}; for example ${name}=${meta.example}`;
    })
    .join("\n");
}

export function loadConfig(env: Partial<Record<string, string>>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(explain(parsed.error, env));
  const values = parsed.data;
  const production = values.NODE_ENV;
  const configured = values.OD_API_KEYS_FILE ?? values.OD_API_KEYS ?? [];
  if (configured.length === 0 && production) {
    throw new ConfigError(
      "OD_API_KEYS is empty: in production set it (or OD_API_KEYS_FILE) to comma-separated " +
        "DeveloperKey/CustomerKey pairs; for example OD_API_KEYS=devKey1/custKey1",
    );
  }
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    apiKeys: configured.length > 0 ? configured : [DEMO_API_KEY],
    demoData: values.DEMO_DATA ?? !production,
    usingDemoKey: configured.length === 0,
    production,
    logLevel: values.LOG_LEVEL,
    requestIdHeader: values.REQUEST_ID_HEADER,
    workers: values.WORKERS,
    mysql: {
      poolSize: values.DB_POOL_SIZE,
      // Unless set on its own, the idle limit follows the pool size.
      maxIdle: values.DB_POOL_MAX_IDLE ?? values.DB_POOL_SIZE,
      idleTimeoutMs: values.DB_POOL_IDLE_TIMEOUT_MS,
      queueLimit: values.DB_POOL_QUEUE_LIMIT,
      connectTimeoutMs: values.DB_CONNECT_TIMEOUT_MS,
      lockWaitTimeoutSeconds: values.DB_LOCK_WAIT_TIMEOUT_S,
      transactionRetries: values.DB_TRANSACTION_RETRIES,
      queryTimeoutMs: values.DB_QUERY_TIMEOUT_MS,
    },
    limits: {
      maxPageSize: values.MAX_PAGE_SIZE,
      authFailuresPerMinute: values.AUTH_FAILURES_PER_MINUTE,
      rateLimitPerSecond: values.RATE_LIMIT_PER_SECOND,
    },
    bodyLimit: values.BODY_LIMIT,
    webhooks: { allowPrivateUrls: values.WEBHOOK_ALLOW_PRIVATE_URLS },
    timeouts: {
      headersMs: values.HEADERS_TIMEOUT_MS,
      requestMs: values.REQUEST_TIMEOUT_MS,
      shutdownMs: values.SHUTDOWN_TIMEOUT_MS,
    },
    sqliteQuickCheckMaxMb: values.SQLITE_QUICK_CHECK_MAX_MB,
  };
}

/** Every default, resolved: the configuration of an empty environment. */
export function defaultConfig(): Config {
  return loadConfig({});
}

/** `--help`: every variable with its default and an example. */
export function configHelp(): string {
  const rows = Object.entries(VARIABLES).map(([name, variable]: [string, Variable<unknown>]) => [
    name,
    variable.default ?? variable.unset ?? "(unset)",
    variable.help,
  ]);
  const width = (column: number) => Math.max(...rows.map((row) => row[column]?.length ?? 0));
  const [nameWidth, defaultWidth] = [width(0), width(1)];
  return [
    "Usage: refattaches-server [--help]",
    "",
    "Serves the Open Dental-compatible RefAttaches API. Configured by environment variables:",
    "",
    `${"VARIABLE".padEnd(nameWidth)}  ${"DEFAULT".padEnd(defaultWidth)}  MEANING`,
    ...rows.map(
      ([name, value, help]) =>
        `${name?.padEnd(nameWidth)}  ${value?.padEnd(defaultWidth)}  ${help}`,
    ),
  ].join("\n");
}
