// Where a `mysql://` DATABASE_URL points.
import { DatabaseStartError } from "./errors.js";

/** The connection part of `mysql://user:password@host:port/database[?ssl=true]`. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: boolean;
}

export function parseMysqlUrl(databaseUrl: string): MysqlTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseStartError(
      "DATABASE_URL is not a valid URL; expected mysql://user:pass@host:port/database",
    );
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") {
    throw new DatabaseStartError(`Not a MySQL URL: ${url.protocol}//...; expected mysql://`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) {
    throw new DatabaseStartError(
      "DATABASE_URL must name the database: mysql://user:pass@host:port/database",
    );
  }
  for (const name of url.searchParams.keys()) {
    if (name !== "ssl")
      throw new DatabaseStartError(`Unknown DATABASE_URL parameter "${name}"; only ssl is known`);
  }
  const ssl = url.searchParams.get("ssl");
  if (ssl !== null && ssl !== "true" && ssl !== "false") {
    throw new DatabaseStartError('DATABASE_URL parameter ssl must be "true" or "false"');
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: url.port === "" ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    ssl: ssl === "true",
  };
}

/** Where a URL points, for messages: never the user's password. */
export function describeTarget(target: MysqlTarget): string {
  return `${target.host}:${target.port}/${target.database}`;
}
