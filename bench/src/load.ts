// The load generator, a process of its own (pinned to its own core by bench.ts): it receives
// one run at a time over IPC, drives the target with autocannon and answers with the numbers.
// Request counters live here for the whole benchmark, so writes never repeat a key.
import autocannon from "autocannon";
import { AUTHORIZATION, type Dataset, SCENARIOS, seededRandom } from "./scenarios.js";

export interface LoadRun {
  url: string;
  scenario: string;
  dataset: Dataset;
  seconds: number;
  /** Seed for the random choices; runs of one round use the same one. */
  seed: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and answers that were not 2xx. */
  errors: number;
  total: number;
  /** Up to three distinct unexpected answers, for diagnosis: status and the start of the body. */
  samples: string[];
}

const counters = new Map<string, number>();

async function run(message: LoadRun): Promise<LoadResult> {
  const scenario = SCENARIOS.find((s) => s.name === message.scenario);
  if (!scenario) throw new Error(`Unknown scenario ${message.scenario}`);
  const random = seededRandom(message.seed);
  const samples = new Set<string>();
  const result = await autocannon({
    url: message.url,
    connections: scenario.connections,
    duration: message.seconds,
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const i = counters.get(scenario.name) ?? 0;
          counters.set(scenario.name, i + 1);
          const next = scenario.request(message.dataset, i, random);
          return {
            ...request,
            method: next.method,
            path: next.path,
            ...(next.body === undefined ? {} : { body: next.body }),
          };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && samples.size < 3) {
            samples.add(`${status} ${String(body).slice(0, 120)}`);
          }
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
    samples: [...samples],
  };
}

process.on("message", (message: LoadRun) => {
  run(message).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
process.send?.({ ready: true });
