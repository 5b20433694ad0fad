// The load generator, a process of its own (pinned to its own core by bench.ts): it receives
// one run at a time over IPC, drives the target with autocannon and answers with the numbers.
// Request counters live here for the whole benchmark, so writes never repeat a key.
import autocannon from "autocannon";
import { type LagResult, measureLag, subscribe, unsubscribe } from "./deliveries.js";
import { AUTHORIZATION, type Dataset, type Request, SCENARIOS, seededRandom } from "./scenarios.js";

/** What the orchestrator asks of this process, one message at a time. */
export type LoadMessage =
  | ({ kind: "run" } & LoadRun)
  /** Points the server's change events at this process's receiver (warmed up with a write of `scenario`). */
  | { kind: "subscribe"; url: string; scenario: string; dataset: Dataset }
  | { kind: "unsubscribe"; url: string }
  /** The delivery lag of `writes` writes of `scenario`, made at `perSecond`. */
  | {
      kind: "lag";
      url: string;
      scenario: string;
      dataset: Dataset;
      writes: number;
      perSecond: number;
    };

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

function scenarioNamed(name: string) {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`Unknown scenario ${name}`);
  return scenario;
}

/** The scenario's next request over the whole benchmark (keys never repeat). */
function nextRequest(name: string, dataset: Dataset, random: () => number): Request {
  const scenario = scenarioNamed(name);
  const i = counters.get(name) ?? 0;
  counters.set(name, i + 1);
  return scenario.request(dataset, i, random);
}

async function run(message: LoadRun): Promise<LoadResult> {
  const scenario = scenarioNamed(message.scenario);
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
          const next = nextRequest(scenario.name, message.dataset, random);
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

async function handle(message: LoadMessage): Promise<LoadResult | LagResult | undefined> {
  switch (message.kind) {
    case "run":
      return run(message);
    case "subscribe": {
      const random = seededRandom(1);
      const next = () => nextRequest(message.scenario, message.dataset, random);
      return subscribe(message.url, next).then(() => undefined);
    }
    case "unsubscribe":
      return unsubscribe(message.url).then(() => undefined);
    case "lag": {
      const random = seededRandom(1);
      const next = () => nextRequest(message.scenario, message.dataset, random);
      return measureLag(message.url, next, message.writes, message.perSecond);
    }
  }
}

process.on("message", (message: LoadMessage) => {
  handle(message).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
process.send?.({ ready: true });
