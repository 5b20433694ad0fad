#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatResult, formatSummary } from "./report.js";
import { runContractChecks } from "./run.js";
import type { JsonValue } from "./spec.js";

const HELP = `Usage: refattaches-contract --base-url URL --key DEVELOPERKEY/CUSTOMERKEY [options]

Checks a running RefAttaches API deployment against the OpenAPI spec over real HTTP:
every operation with valid requests (built from the spec's examples), invalid ones
(generated from the spec's schemas) and bad credentials. Prints one line per check and
"N passed, N failed"; exits 1 when a check fails, 2 on a usage error.

Options:
  --base-url URL        Base URL including the base path, e.g. http://localhost:3000/api/v1
                        (default: $REFATTACHES_BASE_URL)
  --key DEV/CUST        Developer key and customer key, sent as "ODFHIR DEV/CUST"
                        (default: $REFATTACHES_KEY; prefer it in CI, it keeps the key out of logs)
  --read-only           Send no request that could write: only GET operations are checked
  --fixture NAME=VALUE  Use VALUE wherever the spec's examples give NAME a value; repeatable.
                        The examples name the demo data (PatNum 972, ProvNum 8); point them
                        at your own data, e.g. --fixture PatNum=1234 --fixture ProvNum=2.
                        --fixture ReferralNum=N attaches to referral N instead of creating one.
  --spec PATH           OpenAPI 3.1 document (default: the bundled openapi.yaml)
  --timeout MS          Per-request timeout in milliseconds (default: 10000)
  -h, --help            Show this help
`;

function parseFixture(text: string): [string, JsonValue] {
  const at = text.indexOf("=");
  if (at <= 0) throw new Error(`--fixture expects NAME=VALUE, got '${text}'`);
  const raw = text.slice(at + 1);
  try {
    // Numbers and quoted strings keep their JSON type: PatNum=972 is the integer 972.
    return [text.slice(0, at), JSON.parse(raw) as JsonValue];
  } catch {
    return [text.slice(0, at), raw];
  }
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "base-url": { type: "string" },
      key: { type: "string" },
      "read-only": { type: "boolean" },
      fixture: { type: "string", multiple: true },
      spec: { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help === true) return undefined;
  const baseUrl = values["base-url"] ?? process.env.REFATTACHES_BASE_URL;
  if (baseUrl === undefined) throw new Error("--base-url is required");
  const key = values.key ?? process.env.REFATTACHES_KEY;
  const slash = key?.indexOf("/") ?? -1;
  if (key === undefined || slash <= 0 || slash === key.length - 1) {
    throw new Error("--key DEVELOPERKEY/CUSTOMERKEY is required");
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new Error("--timeout expects milliseconds");
  }
  // pnpm runs the script in this package's folder; a relative --spec means the caller's folder.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  return {
    baseUrl,
    developerKey: key.slice(0, slash),
    customerKey: key.slice(slash + 1),
    readOnly: values["read-only"] === true,
    fixtures: Object.fromEntries((values.fixture ?? []).map(parseFixture)),
    specPath: values.spec === undefined ? undefined : resolve(cwd, values.spec),
    timeoutMs,
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (options === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  console.log(`Checking ${options.baseUrl}${options.readOnly ? " (read-only)" : ""}`);
  const report = await runContractChecks({
    ...options,
    onResult: (result) => console.log(formatResult(result)),
  });
  console.log(formatSummary(report));
  return report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
