// The MySQL/MariaDB backend's pool and locking settings. Their defaults, and the variables that
// set them, are in config.ts; README.md documents them.

export interface MysqlSettings {
  /** DB_POOL_SIZE: connections per server process. */
  poolSize: number;
  /** DB_POOL_MAX_IDLE: idle connections kept open. */
  maxIdle: number;
  /** DB_POOL_IDLE_TIMEOUT_MS: idle connections above maxIdle close after this long. */
  idleTimeoutMs: number;
  /** DB_POOL_QUEUE_LIMIT: requests that may wait for a connection; beyond that, 503. 0 = no limit. */
  queueLimit: number;
  /** DB_CONNECT_TIMEOUT_MS: how long opening one connection may take. */
  connectTimeoutMs: number;
  /** DB_LOCK_WAIT_TIMEOUT_S: how long a write waits for another's lock before it is retried. */
  lockWaitTimeoutSeconds: number;
  /** DB_TRANSACTION_RETRIES: retries of a write after a deadlock or lock wait timeout. */
  transactionRetries: number;
  /**
   * DB_QUERY_TIMEOUT_MS: a statement without an answer for this long fails (503), so a stalled
   * database cannot hold requests. A lock wait longer than this ends the same way.
   */
  queryTimeoutMs: number;
}
