// `pnpm fuzz --runs N --seed S`: a long fuzz run against real server processes, on SQLite and,
// with MYSQL_URL set, on MySQL/MariaDB. Prints the seed, so any failure can be run again.
import { parseArgs } from "node:util";
import { backends } from "../testing/backends.js";
import { fuzz } from "./run.js";
import { startFuzzTarget } from "./target.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, seed: { type: "string" } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write("usage: pnpm fuzz [--runs N] [--seed S]  (whole numbers)\n");
  process.exit(2);
}

let failed = false;
for (const backend of backends) {
  if (backend.skipReason) {
    process.stdout.write(`${backend.name}: skipped (${backend.skipReason})\n`);
    continue;
  }
  const target = await startFuzzTarget(backend);
  const started = performance.now();
  try {
    const result = await fuzz(target, { runs, seed });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const statuses = Object.entries(result.statuses)
      .map(([status, count]) => `${status}: ${count}`)
      .join(", ");
    process.stdout.write(
      `${backend.name}: ${result.requests} requests in ${seconds} s, seed ${seed} (${statuses})\n`,
    );
    if (result.failure) {
      failed = true;
      process.stdout.write(`${backend.name}: FAILED with seed ${seed}: ${result.failure}\n`);
    }
    for (const broken of result.broken) {
      failed = true;
      process.stdout.write(`${backend.name}: invariant broken (seed ${seed}): ${broken}\n`);
    }
  } finally {
    await target.close();
  }
}
process.stdout.write(failed ? `fuzz failed; rerun with --seed ${seed}\n` : "fuzz passed\n");
process.exit(failed ? 1 : 0);
