// `pnpm bench [--quick] [--db mysql://...]`: loads data, starts the real server as its own
// process pinned to CPU 0, drives it with autocannon from another process pinned to CPU 1,
// and measures reference servers on the same data in the same run, alternating with the
// real one. Each number is the median of three runs. Prints the table; a full run writes
// bench/results/latest.md (with --db: latest-mysql.md).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultConfig, explainListQueries, type QueryPlan } from "@refattaches/server";
import { seedDatabase } from "@refattaches/server/seed";
import { SqliteDatabase as Database } from "@refattaches/server/sqlite-driver";
import { createConnection } from "mysql2/promise";
import type { LagResult } from "./deliveries.js";
import type { LoadMessage, LoadResult, LoadRun } from "./load.js";
import { type ServerProcess, startServer } from "./processes.js";
import { type Measurement, type Report, renderReport } from "./report.js";
import {
  AUTHORIZATION,
  BASE,
  type Dataset,
  HOT_PATH,
  OUTBOX_COMPARISON,
  SCENARIOS,
} from "./scenarios.js";

const here = dirname(fileURLToPath(import.meta.url));
const BARE_LIMIT_LABEL = "Hono + better-sqlite3, bare LIMIT ?";
const root = join(here, "..", "..");
const SERVER_ENTRY = join(root, "apps", "server", "dist", "main.js");
const TSX = ["--import", "tsx"];

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    db: { type: "string" },
    runs: { type: "string", default: "3" },
    seconds: { type: "string" },
    /** Another build of the server (its dist/main.js) measured beside this one, e.g. main's. */
    baseline: { type: "string" },
  },
});
const quick = args.quick;
const mysqlUrl = args.db;
const runs = Number(args.runs);
const seconds = Number(args.seconds ?? (quick ? 2 : 5));
/** The unrecorded run each server gets before its first measurement (warmUp). */
const WARM_UP_SECONDS = quick ? 1 : 3;
const SERVER_CPU = "0";
const LOAD_CPU = "1";

const sizes = quick
  ? { patients: 10_000, refattaches: 100_000, sparePatients: 20_000 }
  : { patients: 100_000, refattaches: 1_000_000, sparePatients: 50_000 };
const SMALL = { patients: 1_000, refattaches: 10_000, sparePatients: 0 };

const work = mkdtempSync(join(tmpdir(), "refattaches-bench-"));
/** The database at `url` with the server's default settings, for the loader and the plans. */
const database = (url: string) => ({ ...defaultConfig(), databaseUrl: url });
const log = (line: string) => process.stderr.write(`${line}\n`);

function startLoadGenerator(): Promise<ChildProcess> {
  const child = spawn(
    "taskset",
    ["-c", LOAD_CPU, process.execPath, ...TSX, join(here, "load.ts")],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`load generator exited with ${code}`)));
  });
}

/** One request to the load generator, and its answer. */
function ask<T>(load: ChildProcess, message: LoadMessage): Promise<T> {
  return new Promise((resolve, reject) => {
    load.once("message", (reply: { ok: boolean; result?: T; error?: string }) =>
      reply.ok ? resolve(reply.result as T) : reject(new Error(reply.error)),
    );
    load.send(message);
  });
}

const drive = (load: ChildProcess, run: LoadRun) => ask<LoadResult>(load, { kind: "run", ...run });

async function seed(
  url: string,
  size: typeof sizes,
  label: string,
): Promise<Dataset & { loadSeconds: number }> {
  const started = performance.now();
  let last = 0;
  const result = await seedDatabase(database(url), {
    ...size,
    progress(table, done, total) {
      if (done === total || performance.now() - last > 5000) {
        last = performance.now();
        log(`  ${label}: ${table} ${done}/${total}`);
      }
    },
  });
  return { ...result, loadSeconds: (performance.now() - started) / 1000 };
}

async function bodyOf(server: ServerProcess, path: string): Promise<string> {
  const reply = await fetch(server.url + path, { headers: { Authorization: AUTHORIZATION } });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${server.name} answered ${reply.status} for ${path}: ${text}`);
  return text;
}

/** The reference servers must answer the hot path byte for byte as the real one does. */
async function checkSameBytes(real: ServerProcess, others: ServerProcess[], dataset: Dataset) {
  for (const patNum of [dataset.patients.first, dataset.patients.last]) {
    const path = `${BASE}/refattaches?PatNum=${patNum}`;
    const expected = await bodyOf(real, path);
    for (const other of others) {
      if (other.name === "node:http") continue;
      if ((await bodyOf(other, path)) !== expected) {
        throw new Error(`${other.name} does not answer ${path} with the real server's bytes`);
      }
    }
  }
}

interface Target {
  server: ServerProcess;
  label: string;
}

/** A request the hot path answers well within this many ms, on any backend, when idle. */
const IDLE_ANSWER_MS = 50;
const SETTLE_LIMIT_MS = 60_000;

/**
 * Waits until `server` answers a hot-path request within IDLE_ANSWER_MS: requests a slow
 * scenario left queued (on MySQL, `?DateTStamp=` reads the whole table, and the pool queues
 * what it cannot run yet) must not be counted against the next measurement.
 */
async function settle(server: ServerProcess, dataset: Dataset): Promise<void> {
  const path = `${BASE}/refattaches?PatNum=${dataset.patients.first}`;
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  while (performance.now() < deadline) {
    const started = performance.now();
    await bodyOf(server, path);
    if (performance.now() - started < IDLE_ANSWER_MS) return;
  }
  throw new Error(`${server.name} did not settle within ${SETTLE_LIMIT_MS} ms`);
}

async function measure(
  load: ChildProcess,
  target: Target,
  scenario: string,
  dataset: Dataset,
  round: number,
  results: Measurement[],
) {
  await settle(target.server, dataset);
  target.server.resetPeak();
  const cpuBefore = target.server.cpuSeconds();
  const result = await drive(load, {
    url: target.server.url,
    scenario,
    dataset,
    seconds,
    seed: 1000 + round,
  });
  const rss = target.server.peakRssMb();
  const privateMb = target.server.peakPrivateMb();
  // CPU time per answered request: unlike req/s, it hardly moves when other processes share
  // the server's core, so it is the steadier comparison on a busy machine.
  const cpuUsPerRequest =
    ((target.server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.total);
  log(
    `  ${target.label} | ${scenario} | ${Math.round(result.requestsPerSecond)} req/s | ` +
      `p99 ${result.p99} ms | errors ${result.errors}${result.samples.length ? ` (${result.samples.join("; ")})` : ""}`,
  );
  results.push({
    target: target.label,
    scenario,
    ...result,
    peakRssMb: rss,
    peakPrivateMb: privateMb,
    cpuUsPerRequest,
  });
}

/**
 * Runs the hot path on each server once, unrecorded, before its first measurement: the first
 * seconds of a process (V8 compiling the hot functions, the database pages it reads first)
 * are not its steady state, and without this the first round counts them against it.
 */
async function warmUp(load: ChildProcess, targets: readonly Target[], dataset: Dataset) {
  for (const target of targets) {
    await settle(target.server, dataset);
    await drive(load, {
      url: target.server.url,
      scenario: HOT_PATH,
      dataset,
      seconds: WARM_UP_SECONDS,
      seed: 999,
    });
  }
}

/**
 * With --db, the benchmark works in a database of its own on that server, created empty and
 * dropped at the end: it never writes into the database the URL names.
 */
async function createScratchDatabase(serverUrl: string) {
  const name = `refattaches_bench_${Date.now().toString(36)}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/";
  const run = async (statement: string) => {
    const connection = await createConnection({ uri: admin.toString() });
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  };
  await run(`create database \`${name}\` character set utf8mb4 collate utf8mb4_general_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists \`${name}\``) };
}

function realServerEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  // The defaults, request log included: what `pnpm start` runs, with subscriptions allowed to
  // deliver to the load generator's receiver on 127.0.0.1.
  return {
    DATABASE_URL: url,
    DEMO_DATA: "0",
    LOG_LEVEL: "info",
    WEBHOOK_ALLOW_PRIVATE_URLS: "1",
    ...extra,
  };
}

async function main() {
  const loadBefore = loadavg();
  const started = Date.now();
  log(
    `bench: ${quick ? "quick" : "full"} run, ${runs} runs of ${seconds} s each, work dir ${work}`,
  );
  const backend = mysqlUrl ? "mysql" : "sqlite";
  const scratch = mysqlUrl ? await createScratchDatabase(mysqlUrl) : undefined;
  const url = scratch?.url ?? `sqlite:${join(work, "main.sqlite")}`;
  const referenceLabel = mysqlUrl ? "Hono + mysql2" : "Hono + better-sqlite3";

  log(`loading ${sizes.refattaches} refattaches for ${sizes.patients} patients into ${backend}`);
  const dataset = await seed(url, sizes, "main");
  const plans: QueryPlan[] = await explainListQueries(database(url), {
    PatNum: dataset.patients.first,
    ReferralNum: dataset.referrals.first,
    DateTStamp: dataset.recentDateTStamp,
  });

  const load = await startLoadGenerator();
  const results: Measurement[] = [];
  const startups: Record<string, number> = {};
  const running: ServerProcess[] = [];
  const start = async (
    name: string,
    args: string[],
    env: Record<string, string>,
    cpus = SERVER_CPU,
  ) => {
    const server = await startServer({
      name,
      args,
      env,
      cpus,
      logFile: join(work, `${name.replace(/\W+/g, "-")}.log`),
      probe: `${BASE}/refattaches?PatNum=${dataset.patients.first}`,
      authorization: AUTHORIZATION,
    });
    running.push(server);
    return server;
  };
  const stop = async (server: ServerProcess) => {
    await server.stop();
    running.splice(running.indexOf(server), 1);
  };

  try {
    const real = await start("this server", [SERVER_ENTRY], realServerEnv(url));
    startups[`start-up to first answer, ${sizes.refattaches.toLocaleString("en")} rows`] =
      real.startupMs;
    const bodyFile = join(work, "hot-path.json");
    writeFileSync(
      bodyFile,
      await bodyOf(real, `${BASE}/refattaches?PatNum=${dataset.patients.first}`),
    );
    const reference = mysqlUrl
      ? await start(referenceLabel, [...TSX, join(here, "reference", "hono-mysql.ts")], {
          DATABASE_URL: url,
        })
      : await start(referenceLabel, [...TSX, join(here, "reference", "hono-sqlite.ts")], {
          DATABASE_FILE: url.slice("sqlite:".length),
        });
    const bare = await start("node:http", [...TSX, join(here, "reference", "bare.ts")], {
      BODY_FILE: bodyFile,
    });
    // SQLite: the reference again with its page written `limit ? offset ?`, as servers usually
    // write it; SQLite prepares that statement again on every read (StoreDialect in the server).
    const bareLimit = mysqlUrl
      ? undefined
      : await start(BARE_LIMIT_LABEL, [...TSX, join(here, "reference", "hono-sqlite.ts")], {
          DATABASE_FILE: url.slice("sqlite:".length),
          BARE_LIMIT: "1",
        });
    const references: Target[] = [
      { server: reference, label: referenceLabel },
      ...(bareLimit ? [{ server: bareLimit, label: BARE_LIMIT_LABEL }] : []),
      { server: bare, label: "node:http" },
    ];
    await checkSameBytes(
      real,
      references.map((r) => r.server),
      dataset,
    );

    let baseline: ServerProcess | undefined;
    if (args.baseline && !mysqlUrl) {
      // An older build keeps its own copy, without the migrations it does not know.
      const copy = join(work, "baseline.sqlite");
      copyFileSync(url.slice("sqlite:".length), copy);
      const db = new Database(copy);
      db.prepare("delete from kysely_migration where name > '0001_create_tables'").run();
      db.close();
      baseline = await start("baseline server", [args.baseline], realServerEnv(`sqlite:${copy}`));
    }

    const targets: Target[] = [
      { server: real, label: "this server" },
      ...(baseline ? [{ server: baseline, label: "baseline server" }] : []),
    ];
    log("warm-up: the hot path on each server, unrecorded");
    await warmUp(load, [...targets, ...references], dataset);
    log("reads, alternating servers");
    for (let round = 0; round < runs; round++) {
      for (const scenario of SCENARIOS.filter((s) => !s.writes)) {
        for (const target of targets) {
          await measure(load, target, scenario.name, dataset, round, results);
        }
        if (scenario.name === HOT_PATH) {
          for (const target of references) {
            await measure(load, target, HOT_PATH, dataset, round, results);
          }
        }
      }
    }
    log("writes");
    for (let round = 0; round < runs; round++) {
      for (const scenario of SCENARIOS.filter((s) => s.writes)) {
        for (const target of targets) {
          await measure(load, target, scenario.name, dataset, round, results);
        }
      }
    }
    log("change events: writes with and without an active subscription, and the delivery lag");
    for (let round = 0; round < runs; round++) {
      const target = (label: string) => ({ server: real, label });
      const { scenario } = OUTBOX_COMPARISON;
      await measure(load, target(OUTBOX_COMPARISON.without), scenario, dataset, round, results);
      await ask(load, { kind: "subscribe", url: real.url, scenario, dataset });
      await measure(load, target(OUTBOX_COMPARISON.with), scenario, dataset, round, results);
      await ask(load, { kind: "unsubscribe", url: real.url });
    }
    const deliveryLag = await ask<LagResult>(load, {
      kind: "lag",
      url: real.url,
      scenario: OUTBOX_COMPARISON.scenario,
      dataset,
      writes: quick ? 100 : 500,
      perSecond: 50,
    });
    log(
      `  delivery lag: p50 ${deliveryLag.p50.toFixed(0)} ms, p99 ${deliveryLag.p99.toFixed(0)} ms ` +
        `(${deliveryLag.delivered} of ${deliveryLag.writes} rows arrived)`,
    );
    if (baseline) await stop(baseline);
    await stop(real);

    log("variants of this server on the hot path: logging on and off, two workers");
    const variants: Target[] = [
      {
        label: "this server, LOG_LEVEL=info",
        server: await start("logging on", [SERVER_ENTRY], realServerEnv(url)),
      },
      {
        label: "this server, LOG_LEVEL=silent",
        server: await start(
          "logging off",
          [SERVER_ENTRY],
          realServerEnv(url, { LOG_LEVEL: "silent" }),
        ),
      },
    ];
    if (!quick) {
      // Both cores for the server's processes, one of them shared with the load generator.
      variants.push({
        label: "this server, WORKERS=2",
        server: await start(
          "two workers",
          [SERVER_ENTRY],
          realServerEnv(url, { WORKERS: "2" }),
          "0,1",
        ),
      });
    }
    await warmUp(load, variants, dataset);
    for (let round = 0; round < runs; round++) {
      for (const target of variants) {
        await measure(load, target, HOT_PATH, dataset, round, results);
      }
    }
    for (const variant of variants) await stop(variant.server);
    for (const { server } of references) await stop(server);

    if (!mysqlUrl) {
      // The SQLite start-up check (PRAGMA quick_check, files up to SQLITE_QUICK_CHECK_MAX_MB)
      // reads the whole file; without it, start-up is opening the file and the migrations.
      const unchecked = await start(
        "no quick_check",
        [SERVER_ENTRY],
        realServerEnv(url, { SQLITE_QUICK_CHECK_MAX_MB: "0" }),
      );
      startups[
        `start-up to first answer, ${sizes.refattaches.toLocaleString("en")} rows, SQLITE_QUICK_CHECK_MAX_MB=0`
      ] = unchecked.startupMs;
      await stop(unchecked);
    }

    if (!mysqlUrl && !quick) {
      log(`hot path on a small database (${SMALL.refattaches} rows), for the latency comparison`);
      const smallUrl = `sqlite:${join(work, "small.sqlite")}`;
      const small = await seed(smallUrl, SMALL, "small");
      const smallReal = await start("small", [SERVER_ENTRY], realServerEnv(smallUrl));
      await warmUp(load, [{ server: smallReal, label: "this server, 10k rows" }], small);
      for (let round = 0; round < runs; round++) {
        await measure(
          load,
          { server: smallReal, label: "this server, 10k rows" },
          HOT_PATH,
          small,
          round,
          results,
        );
      }
      await stop(smallReal);
    }

    const report: Report = {
      quick,
      backend,
      date: new Date(),
      node: process.version,
      machine: `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB`,
      loadBefore,
      loadAfter: loadavg(),
      runs,
      seconds,
      sizes,
      bulkLoad: { rows: sizes.refattaches, seconds: dataset.loadSeconds },
      startups,
      referenceLabel,
      results,
      deliveryLag,
      plans,
      minutes: (Date.now() - started) / 60_000,
    };
    const markdown = renderReport(report);
    process.stdout.write(`${markdown}\n`);
    if (!quick) {
      const file = join(root, "bench", "results", mysqlUrl ? "latest-mysql.md" : "latest.md");
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${markdown}\n`);
      log(`written to ${file}`);
    }
  } finally {
    for (const server of running.splice(0)) await server.stop();
    load.kill();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
