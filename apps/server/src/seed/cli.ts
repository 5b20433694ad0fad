// `pnpm seed --patients 100000 --refattaches 1000000` (at the repository root): fills the
// database DATABASE_URL names with realistic rows, reading the environment as the server does
// (config.ts). A progress bar with rate and ETA on a terminal; plain progress lines otherwise
// (CI, pipes, files).
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from "../config.js";
import { redact } from "../store/database-url.js";
import { SeedError, type SeedOptions, seedDatabase } from "./bulk-load.js";

const USAGE =
  "usage: pnpm seed --patients N --refattaches N [--spare-patients N] [--append]\n" +
  `Fills the database DATABASE_URL names (default ${DEFAULT_DATABASE_URL}).`;

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new SeedError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function progressReporter(): { report: NonNullable<SeedOptions["progress"]>; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format:
        "{table} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}",
      stream: process.stderr,
    });
    let current = "";
    let started = Date.now();
    return {
      report(table, done, total) {
        if (table !== current) {
          if (current) bar.stop();
          current = table;
          started = Date.now();
          bar.start(total, 0, { table, rate: 0 });
        }
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        bar.update(done, { rate });
      },
      stop: () => bar.stop(),
    };
  }
  let started = Date.now();
  let lastTable = "";
  let lastLine = 0;
  return {
    report(table, done, total) {
      if (table !== lastTable) {
        lastTable = table;
        started = Date.now();
      }
      const now = Date.now();
      if (done === 0 || (done < total && now - lastLine < 2000)) return;
      lastLine = now;
      const seconds = (now - started) / 1000;
      const rate = Math.round(done / Math.max(0.001, seconds));
      process.stderr.write(
        `${table}: ${done}/${total} rows, ${rate} rows/s, ${seconds.toFixed(1)} s\n`,
      );
    },
    stop() {},
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      patients: { type: "string" },
      refattaches: { type: "string" },
      "spare-patients": { type: "string" },
      append: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig(process.env);
  const progress = progressReporter();
  const started = Date.now();
  const result = await seedDatabase(config, {
    patients: count("patients", values.patients, 1000),
    refattaches: count("refattaches", values.refattaches, 10_000),
    sparePatients: count("spare-patients", values["spare-patients"], 0),
    append: values.append,
    progress: progress.report,
  }).finally(() => progress.stop());
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const loaded = result.refattaches.last - result.refattaches.first + 1;
  process.stdout.write(
    `seeded ${redact(config.databaseUrl)} in ${seconds} s: patients ${result.patients.first}-${result.patients.last}, ` +
      `${loaded} refattaches (${result.refattaches.first}-${result.refattaches.last}), ` +
      `referrals ${result.referrals.first}-${result.referrals.last}\n`,
  );
}

main().catch((error: unknown) => {
  const known =
    error instanceof SeedError ||
    error instanceof ConfigError ||
    (error instanceof Error && error.name === "DatabaseStartError");
  process.stderr.write(
    `error: ${known && error instanceof Error ? error.message : String(error)}\n`,
  );
  if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
