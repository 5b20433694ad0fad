import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { JsonValue } from "../spec.js";
import { isSpecUrl } from "../spec-source.js";

export const REPORTERS = ["text", "junit", "json"] as const;
export type ReporterName = (typeof REPORTERS)[number];

export const HELP = `Usage: refattaches-contract --base-url URL --key DEVELOPERKEY/CUSTOMERKEY [options]

Checks a running RefAttaches API deployment against the OpenAPI spec over real HTTP:
every operation with valid requests (built from the spec's examples), invalid ones
(generated from the spec's schemas) and bad credentials. Prints one line per check and
"N passed, N failed"; exits 0 when every check passed, 1 when a check failed, 2 when the
checks could not run (bad options, unreadable spec, server unreachable, key refused, or no
API at the base URL).

Options:
  --base-url URL          Base URL including the base path, e.g. http://localhost:3000/api/v1
                          (default: $REFATTACHES_BASE_URL)
  --key DEV/CUST          Developer key and customer key, sent as "ODFHIR DEV/CUST"
                          (default: $REFATTACHES_KEY; prefer it in CI, it keeps the key out of logs)
  --read-only             Send no request that could write: only GET operations are checked
  --fixture NAME=VALUE    Use VALUE wherever the spec's examples give NAME a value; repeatable.
                          The examples name the demo data (PatNum 972, ProvNum 8); point them
                          at your own data, e.g. --fixture PatNum=1234 --fixture ProvNum=2.
                          --fixture ReferralNum=N attaches to referral N instead of creating one.
  --spec PATH_OR_URL      OpenAPI 3.1 document, a file or an http(s) URL
                          (default: the openapi.yaml this package carries)
  --reporter NAME         text (default), junit (JUnit XML) or json
  --output FILE           Write the report to FILE; text progress still goes to stdout.
                          Without it a junit or json report goes to stdout alone.
  --timeout MS            Per-request timeout in milliseconds (default: 10000)
  -v, --version           Print the checker's version
  -h, --help              Show this help
`;

export interface CliOptions {
  baseUrl: string;
  developerKey: string;
  customerKey: string;
  readOnly: boolean;
  fixtures: Record<string, JsonValue>;
  specPath: string | undefined;
  timeoutMs: number | undefined;
  reporter: ReporterName;
  /** Absolute path of the report file; undefined: stdout. */
  output: string | undefined;
}

export type ParsedArgs =
  | { action: "help" }
  | { action: "version" }
  | ({ action: "run" } & CliOptions);

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

function isReporter(name: string): name is ReporterName {
  return (REPORTERS as readonly string[]).includes(name);
}

/** Reads the command line (and its environment fallbacks); throws a usage error's message. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, cwd: string): ParsedArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      "base-url": { type: "string" },
      key: { type: "string" },
      "read-only": { type: "boolean" },
      fixture: { type: "string", multiple: true },
      spec: { type: "string" },
      reporter: { type: "string" },
      output: { type: "string" },
      timeout: { type: "string" },
      version: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help === true) return { action: "help" };
  if (values.version === true) return { action: "version" };
  const baseUrl = values["base-url"] ?? env.REFATTACHES_BASE_URL;
  if (baseUrl === undefined || baseUrl === "") throw new Error("--base-url is required");
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new Error(`--base-url must be an http(s) URL, got '${baseUrl}'`);
  }
  const key = values.key ?? env.REFATTACHES_KEY;
  const slash = key?.indexOf("/") ?? -1;
  if (key === undefined || slash <= 0 || slash === key.length - 1) {
    throw new Error("--key DEVELOPERKEY/CUSTOMERKEY is required");
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new Error("--timeout expects milliseconds");
  }
  const reporter = values.reporter ?? "text";
  if (!isReporter(reporter)) {
    throw new Error(`--reporter expects one of ${REPORTERS.join(", ")}, got '${reporter}'`);
  }
  const spec = values.spec;
  return {
    action: "run",
    baseUrl,
    developerKey: key.slice(0, slash),
    customerKey: key.slice(slash + 1),
    readOnly: values["read-only"] === true,
    fixtures: Object.fromEntries((values.fixture ?? []).map(parseFixture)),
    specPath: spec === undefined || isSpecUrl(spec) ? spec : resolve(cwd, spec),
    timeoutMs,
    reporter,
    output: values.output === undefined ? undefined : resolve(cwd, values.output),
  };
}
