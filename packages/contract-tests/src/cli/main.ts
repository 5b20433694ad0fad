import { writeFile } from "node:fs/promises";
import { formatResult, formatSummary } from "../report.js";
import { jsonError, jsonReport } from "../reporters/json.js";
import { junitError, junitReport } from "../reporters/junit.js";
import { type ContractReport, runContractChecks } from "../run.js";
import { checkerVersion } from "../version.js";
import { type CliOptions, HELP, parseCliArgs } from "./options.js";

/** Where the CLI writes; the bin passes the process's streams, tests collect the text. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The caller's folder, which relative `--spec` and `--output` paths are read from. */
  cwd: string;
}

/** Exit codes: every check passed, a check failed, the checks could not run. */
export const EXIT = { passed: 0, failed: 1, cannotRun: 2 } as const;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The chosen reporter's document for a finished run, or for one that could not start. */
function document(options: CliOptions, outcome: ContractReport | Error): string {
  const { reporter, baseUrl } = options;
  if (outcome instanceof Error) {
    if (reporter === "junit") return junitError(outcome.message, baseUrl);
    if (reporter === "json") return jsonError(outcome.message, baseUrl);
    return `${outcome.message}\n`;
  }
  if (reporter === "junit") return junitReport(outcome, baseUrl);
  if (reporter === "json") return jsonReport(outcome, baseUrl);
  const lines = outcome.results.map(formatResult);
  return `${[...lines, formatSummary(outcome)].join("\n")}\n`;
}

/** Runs `refattaches-contract` with `argv` (without node and the script) and returns its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv, io.env, io.cwd);
  } catch (error) {
    io.stderr(`${messageOf(error)}\nRun with --help for the options.\n`);
    return EXIT.cannotRun;
  }
  if (parsed.action === "help") {
    io.stdout(HELP);
    return EXIT.passed;
  }
  if (parsed.action === "version") {
    io.stdout(`${checkerVersion().version}\n`);
    return EXIT.passed;
  }
  const options = parsed;
  // A junit or json document on stdout must be the only thing there.
  const progress = options.reporter === "text" || options.output !== undefined;
  const say = progress ? io.stdout : io.stderr;
  say(
    `${checkerVersion().name} ${checkerVersion().version}: checking ${options.baseUrl}${options.readOnly ? " (read-only)" : ""}\n`,
  );
  let outcome: ContractReport | Error;
  try {
    outcome = await runContractChecks({
      ...options,
      onResult: progress ? (result) => io.stdout(`${formatResult(result)}\n`) : undefined,
    });
  } catch (error) {
    outcome = error instanceof Error ? error : new Error(String(error));
    io.stderr(`${outcome.message}\n`);
  }
  if (options.output !== undefined) {
    try {
      await writeFile(options.output, document(options, outcome));
    } catch (error) {
      io.stderr(`Cannot write the report to ${options.output}: ${messageOf(error)}\n`);
      return EXIT.cannotRun;
    }
  } else if (options.reporter !== "text") {
    io.stdout(document(options, outcome));
  }
  if (outcome instanceof Error) return EXIT.cannotRun;
  if (progress) io.stdout(`${formatSummary(outcome)}\n`);
  return outcome.failed === 0 ? EXIT.passed : EXIT.failed;
}
