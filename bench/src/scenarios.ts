// What each scenario sends. The load generator (load.ts) builds the requests from these; the
// orchestrator (bench.ts) only names a scenario and passes the dataset's key ranges.
import type { SeedResult } from "@refattaches/server/seed";

export const AUTHORIZATION = "ODFHIR demo-developer-key/demo-customer-key";
export const BASE = "/api/v1";

/** What the scenarios need to know about the loaded data. */
export type Dataset = Pick<SeedResult, "patients" | "sparePatients" | "refattaches"> & {
  referrals: { first: number; last: number; names: string[] };
  /** A stamp with about 50 refattaches changed after it. */
  recentDateTStamp: string;
};

export interface Scenario {
  name: string;
  /** Concurrent connections: reads as a busy integration polls, writes as a few clerks. */
  connections: number;
  /** Whether it changes data (runs after every read scenario, never on reference servers). */
  writes: boolean;
  /** The i-th request of this scenario over the whole benchmark (i never repeats). */
  request(dataset: Dataset, i: number, random: () => number): Request;
}

export interface Request {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: string;
}

const between = (random: () => number, first: number, last: number) =>
  first + Math.floor(random() * (last - first + 1));

export const HOT_PATH = "GET ?PatNum= (hot path)";

/**
 * The outbox's cost: a write measured without a subscription and with one watching RefAttach
 * (the delivery loop then sequences, sends and polls), alternating, on the same server.
 */
export const OUTBOX_COMPARISON = {
  scenario: "POST with ReferralNum",
  without: "this server, no subscription",
  with: "this server, subscription active",
  /** The target: writes at 0.90 of their rate without subscriptions, or better. */
  target: 0.9,
} as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: HOT_PATH,
    connections: 50,
    writes: false,
    request: (d, _i, random) => ({
      method: "GET",
      path: `${BASE}/refattaches?PatNum=${between(random, d.patients.first, d.patients.last)}`,
    }),
  },
  {
    name: "GET first page",
    connections: 50,
    writes: false,
    request: () => ({ method: "GET", path: `${BASE}/refattaches` }),
  },
  {
    name: "GET ?DateTStamp= (recent)",
    connections: 50,
    writes: false,
    request: (d) => ({
      method: "GET",
      path: `${BASE}/refattaches?DateTStamp=${encodeURIComponent(d.recentDateTStamp)}`,
    }),
  },
  {
    name: "GET ?ReferralNum=",
    connections: 50,
    writes: false,
    request: (d, _i, random) => ({
      method: "GET",
      path: `${BASE}/refattaches?ReferralNum=${between(random, d.referrals.first, d.referrals.last)}`,
    }),
  },
  {
    name: "POST with ReferralNum",
    connections: 10,
    writes: true,
    request: (d, i) => {
      const spare = d.sparePatients.last - d.sparePatients.first + 1;
      const referrals = d.referrals.last - d.referrals.first + 1;
      return {
        method: "POST",
        path: `${BASE}/refattaches`,
        body: JSON.stringify({
          PatNum: d.sparePatients.first + (i % spare),
          ReferralNum: d.referrals.first + (Math.floor(i / spare) % referrals),
          ReferralType: "RefFrom",
        }),
      };
    },
  },
  {
    name: "POST with referralName",
    connections: 10,
    writes: true,
    request: (d, i) => {
      const spare = d.sparePatients.last - d.sparePatients.first + 1;
      const names = d.referrals.names;
      // Upper case: the lookup ignores case, as an integration typing names would need.
      const name = names[Math.floor(i / spare) % names.length] ?? "";
      return {
        method: "POST",
        path: `${BASE}/refattaches`,
        body: JSON.stringify({
          PatNum: d.sparePatients.first + (i % spare),
          referralName: name.toUpperCase(),
          ReferralType: "RefCustom",
        }),
      };
    },
  },
  {
    name: "PUT",
    connections: 10,
    writes: true,
    request: (d, i, random) => {
      // The first half of the loaded rows; DELETE takes the second half.
      const half = Math.floor((d.refattaches.first + d.refattaches.last) / 2);
      return {
        method: "PUT",
        path: `${BASE}/refattaches/${between(random, d.refattaches.first, half)}`,
        body: JSON.stringify({ Note: `bench ${i}`, RefToStatus: "Scheduled" }),
      };
    },
  },
  {
    name: "DELETE",
    connections: 10,
    writes: true,
    request: (d, i) => {
      const half = Math.floor((d.refattaches.first + d.refattaches.last) / 2);
      return { method: "DELETE", path: `${BASE}/refattaches/${half + 1 + i}` };
    },
  },
];

/** A small deterministic generator, so every run asks for the same sequence of patients. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
