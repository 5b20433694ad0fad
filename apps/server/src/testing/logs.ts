// A logger whose lines a test can read back, to check what is (and is never) logged.
import { createLogger, type Logger } from "../logger.js";

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, as written (JSON text). */
  lines: string[];
  /** The same lines, parsed. */
  entries(): Record<string, unknown>[];
}

export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line.trimEnd()) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line)) };
}
