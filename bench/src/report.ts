// The benchmark's table and notes, as Markdown: printed, and written to bench/results/.
import type { QueryPlan } from "@refattaches/server";
import type { LagResult } from "./deliveries.js";
import { HOT_PATH, OUTBOX_COMPARISON as OUTBOX, SCENARIOS } from "./scenarios.js";

export interface Measurement {
  target: string;
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  peakRssMb: number;
  peakPrivateMb: number;
  cpuUsPerRequest: number;
}

export interface Report {
  quick: boolean;
  backend: string;
  date: Date;
  node: string;
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  runs: number;
  seconds: number;
  sizes: { patients: number; refattaches: number; sparePatients: number };
  bulkLoad: { rows: number; seconds: number };
  startups: Record<string, number>;
  referenceLabel: string;
  results: Measurement[];
  /** From a write's answer to its row's arrival at a receiver on 127.0.0.1. */
  deliveryLag: LagResult;
  plans: QueryPlan[];
  minutes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One table row: the medians of a target and scenario over its runs. */
type Row = Measurement;

/** Medians of each metric over the runs of one target and scenario; errors summed, RSS max. */
function summarise(results: Measurement[]): Row[] {
  const groups = new Map<string, Measurement[]>();
  for (const result of results) {
    const key = `${result.target}\u0000${result.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map((runs) => ({
    target: runs[0]?.target ?? "",
    scenario: runs[0]?.scenario ?? "",
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    total: runs.reduce((sum, r) => sum + r.total, 0),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    peakPrivateMb: Math.max(...runs.map((r) => r.peakPrivateMb)),
    cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
  }));
}

const number = (n: number) => Math.round(n).toLocaleString("en");
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const ratio = (n: number, of: number | undefined) => (of ? n / of : Number.NaN).toFixed(2);

export function renderReport(report: Report): string {
  const rows = summarise(report.results);
  const hot = (target: string) =>
    rows.find((r) => r.target === target && r.scenario === HOT_PATH)?.requestsPerSecond;
  const reference = hot(report.referenceLabel);
  const bare = hot("node:http");
  const referenceCpu = rows.find(
    (r) => r.target === report.referenceLabel && r.scenario === HOT_PATH,
  )?.cpuUsPerRequest;
  const order = (row: Row) => {
    const scenario = SCENARIOS.findIndex((s) => s.name === row.scenario);
    const target = ["this server", report.referenceLabel, "node:http"].indexOf(row.target);
    return scenario * 100 + (target === -1 ? 50 : target);
  };
  rows.sort((a, b) => order(a) - order(b) || a.target.localeCompare(b.target));

  const lines: string[] = [];
  lines.push(
    `# Benchmark: ${report.backend}, ${report.quick ? "quick" : "full"} run`,
    "",
    `${report.date.toISOString().slice(0, 16).replace("T", " ")} UTC, Node.js ${report.node}, ` +
      `${report.machine}. Load average before ${report.loadBefore.map((l) => l.toFixed(2)).join(" ")}, ` +
      `after ${report.loadAfter.map((l) => l.toFixed(2)).join(" ")} (the machine is shared: ` +
      "compare the ratios, measured in the same run, rather than the absolute numbers).",
    "",
    `Data: ${number(report.sizes.refattaches)} refattaches for ${number(report.sizes.patients)} patients ` +
      `(+${number(report.sizes.sparePatients)} without any, for the writes). Server pinned to CPU 0, ` +
      `autocannon to CPU 1; each figure is the median of ${report.runs} runs of ${report.seconds} s, ` +
      "servers alternating. Reads at 50 connections, writes at 10.",
    "",
    `| scenario | server | req/s | p50 ms | p99 ms | errors | peak RSS MB (private) | CPU µs/req | req/s ÷ ${report.referenceLabel} | req/s ÷ node:http | CPU/req ${report.referenceLabel} ÷ this |`,
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  );
  for (const row of rows) {
    lines.push(
      `| ${row.scenario} | ${row.target} | ${number(row.requestsPerSecond)} | ${ms(row.p50)} | ` +
        `${ms(row.p99)} | ${row.errors} of ${number(row.total)} | ${row.peakRssMb.toFixed(0)} (${row.peakPrivateMb.toFixed(0)}) | ` +
        `${number(row.cpuUsPerRequest)} | ${ratio(row.requestsPerSecond, reference)} | ` +
        `${ratio(row.requestsPerSecond, bare)} | ${ratio(referenceCpu ?? 0, row.cpuUsPerRequest)} |`,
    );
  }
  lines.push("");
  const hotRow = (target: string) =>
    rows.find((r) => r.target === target && r.scenario === HOT_PATH);
  const on = hotRow("this server, LOG_LEVEL=info");
  const off = hotRow("this server, LOG_LEVEL=silent");
  if (on && off) {
    const byThroughput =
      ((off.requestsPerSecond - on.requestsPerSecond) / off.requestsPerSecond) * 100;
    const byCpu = ((on.cpuUsPerRequest - off.cpuUsPerRequest) / on.cpuUsPerRequest) * 100;
    lines.push(
      `Logging cost on the hot path (LOG_LEVEL=info vs silent): ${byCpu.toFixed(1)}% of the CPU ` +
        `time per request; ${byThroughput.toFixed(1)}% of throughput (noisier on a shared machine).`,
    );
  }
  const outbox = (target: string) =>
    rows.find((r) => r.target === target && r.scenario === OUTBOX.scenario);
  const without = outbox(OUTBOX.without);
  const withSubscription = outbox(OUTBOX.with);
  if (without && withSubscription) {
    const share = withSubscription.requestsPerSecond / without.requestsPerSecond;
    lines.push(
      `Outbox cost on writes (${OUTBOX.scenario}, a subscription watching RefAttach vs none, ` +
        `alternating): ${number(withSubscription.requestsPerSecond)} vs ` +
        `${number(without.requestsPerSecond)} req/s = ${share.toFixed(2)} ` +
        `(target ${OUTBOX.target.toFixed(2)}); CPU µs/req ${number(withSubscription.cpuUsPerRequest)} ` +
        `vs ${number(without.cpuUsPerRequest)}.`,
    );
  }
  const lag = report.deliveryLag;
  lines.push(
    `Delivery lag (a write's answer to its row's arrival at a receiver on 127.0.0.1; ` +
      `${lag.writes} writes at ${lag.perSecond}/s, PollingSeconds ${lag.pollingSeconds}): ` +
      `p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms` +
      `${lag.delivered < lag.writes ? ` (${lag.writes - lag.delivered} rows did not arrive within 30 s)` : ""}.`,
  );
  const small = rows.find((r) => r.target === "this server, 10k rows");
  const big = rows.find((r) => r.target === "this server" && r.scenario === HOT_PATH);
  if (small && big) {
    lines.push(
      `Hot path p50 at ${number(report.sizes.refattaches)} rows vs 10,000 rows: ` +
        `${ms(big.p50)} / ${ms(small.p50)} ms = ${(big.p50 / small.p50).toFixed(2)}x.`,
    );
  }
  lines.push(
    `Bulk load: ${number(report.bulkLoad.rows)} refattaches in ${report.bulkLoad.seconds.toFixed(1)} s ` +
      `(${number(report.bulkLoad.rows / report.bulkLoad.seconds)} rows/s, with the patients and referrals).`,
  );
  for (const [what, value] of Object.entries(report.startups)) {
    lines.push(`${what[0]?.toUpperCase()}${what.slice(1)}: ${value.toFixed(0)} ms.`);
  }
  lines.push(
    "",
    `## Query plans of the list queries (${number(report.sizes.refattaches)} rows)`,
    "",
  );
  for (const plan of report.plans) {
    lines.push(`- \`${plan.request}\`: ${plan.plan.map((step) => `\`${step}\``).join(", ")}`);
  }
  lines.push(
    "",
    `Rerun: \`pnpm bench${report.quick ? " --quick" : ""}${report.backend === "mysql" ? " --db mysql://user@host:port" : ""}\` ` +
      `(took ${report.minutes.toFixed(1)} min).`,
  );
  return lines.join("\n");
}
