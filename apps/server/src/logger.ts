// The server's one logger: pino writing JSON lines to stdout through an asynchronous, buffered
// destination, so a request's log line costs no write syscall of its own: lines collect until
// 4 KiB or a quarter second has passed, then go out in one write (and synchronously at exit). On a terminal in development, pino-pretty makes
// them readable. What may be logged is decided where lines are written (http/request-log.ts,
// http/errors.ts): never bodies, query strings, headers, names, notes or keys.
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOutput {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON; for a developer's terminal. */
  pretty?: boolean;
}

/** A logger writing to `destination` (tests pass a stream they can read back). */
export function createLogger(level: LogLevel, destination: DestinationStream): Logger {
  return pino(
    {
      level,
      // Epoch milliseconds: the cheapest timestamp (pino-pretty shows it as a time of day).
      timestamp: pino.stdTimeFunctions.epochTime,
      // Level names ("info"), not pino's numbers, so the lines read without a lookup table.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** pino-pretty is a development dependency: a production bundle without it logs JSON. */
async function prettyStream(): Promise<DestinationStream | undefined> {
  try {
    const { default: pretty } = await import("pino-pretty");
    return pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

const BUFFER_BYTES = 4096;
const FLUSH_MS = 250;

/** The process's logger: stdout, asynchronous, pretty on request when pino-pretty is there. */
export async function openLogger(output: LogOutput): Promise<Logger> {
  const pretty = output.pretty ? await prettyStream() : undefined;
  if (pretty) return createLogger(output.level, pretty);
  const stdout = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES });
  // A quiet server still writes its lines within FLUSH_MS.
  setInterval(() => stdout.flush(), FLUSH_MS).unref();
  return createLogger(output.level, stdout);
}

/** For tests and embedding: a logger that writes nothing. */
export const silentLogger = (): Logger => pino({ level: "silent" });
