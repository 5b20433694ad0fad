// One fuzz run against a running server: each generated request must get no 5xx, every 4xx a
// JSON string explanation, and a rejected request must leave the data as it was. Afterwards
// the data must still hold the rules' invariants.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import type { Database } from "../store/schema.js";
import { describeRequest, type FuzzRequest, fuzzRequests } from "./requests.js";

export interface FuzzTarget {
  /** The API's base URL. */
  url: string;
  /** A separate connection to the server's database, to compare and check what is stored. */
  db: Kysely<Database>;
}

export interface FuzzResult {
  seed: number;
  requests: number;
  /** How many answers had each status. */
  statuses: Record<number, number>;
  /** The first property that failed, with the request that broke it. */
  failure?: string;
  /** Invariants the data broke after the run. */
  broken: string[];
}

const snapshot = async (db: Kysely<Database>) => ({
  refattach: await db.selectFrom("refattach").selectAll().orderBy("RefAttachNum").execute(),
  referral: await db.selectFrom("referral").selectAll().orderBy("ReferralNum").execute(),
});

async function send(url: string, request: FuzzRequest) {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, text: await response.text() };
}

/** What a 4xx must carry: a JSON string with the explanation. */
function explanationProblem(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "string" && body.trim() !== "" ? undefined : "not a JSON string";
  } catch {
    return "not JSON";
  }
}

/** The rules' invariants over the whole database. */
export async function brokenInvariants(db: Kysely<Database>): Promise<string[]> {
  const broken: string[] = [];
  const orders = await db
    .selectFrom("refattach")
    .select(["PatNum", "ItemOrder"])
    .orderBy("PatNum")
    .orderBy("ItemOrder")
    .execute();
  const byPatient = new Map<number, number[]>();
  for (const { PatNum, ItemOrder } of orders) {
    const list = byPatient.get(Number(PatNum)) ?? [];
    list.push(Number(ItemOrder));
    byPatient.set(Number(PatNum), list);
  }
  for (const [patNum, list] of byPatient) {
    if (!list.every((order, i) => order === i)) {
      broken.push(`patient ${patNum} has ItemOrders ${list.join(",")}, not 0..${list.length - 1}`);
    }
  }
  const { rows: orphans } = await sql<{ RefAttachNum: number }>`
    select a.RefAttachNum from refattach a
    left join patient p on p.PatNum = a.PatNum
    left join referral r on r.ReferralNum = a.ReferralNum
    where p.PatNum is null or r.ReferralNum is null`.execute(db);
  for (const { RefAttachNum } of orphans) {
    broken.push(`refattach ${RefAttachNum} names a patient or referral that does not exist`);
  }
  return broken;
}

export async function fuzz(
  target: FuzzTarget,
  { runs, seed }: { runs: number; seed: number },
): Promise<FuzzResult> {
  const statuses: Record<number, number> = {};
  let requests = 0;
  const property = fc.asyncProperty(fuzzRequests(), async (request) => {
    const writes = request.method !== "GET";
    const before = writes ? await snapshot(target.db) : undefined;
    const { status, text } = await send(target.url, request);
    requests += 1;
    statuses[status] = (statuses[status] ?? 0) + 1;
    const fail = (what: string) => {
      throw new Error(
        `${what}\n  request: ${describeRequest(request)}\n  answer: ${status} ${text.slice(0, 300)}`,
      );
    };
    if (status >= 500) fail(`answered ${status}`);
    if (status >= 400) {
      const problem = explanationProblem(text);
      if (problem) fail(`the ${status} explanation is ${problem}`);
      if (before && !isDeepStrictEqual(before, await snapshot(target.db))) {
        fail(`the rejected request (${status}) changed the data`);
      }
    }
  });
  // Requests change the server's data, so a shrunk replay would not meet the same state:
  // the first failure is reported as it happened.
  const outcome = await fc.check(property, { numRuns: runs, seed, endOnFailure: true });
  const broken = await brokenInvariants(target.db);
  const error = outcome.errorInstance;
  return {
    seed,
    requests,
    statuses,
    ...(outcome.failed && {
      failure: error instanceof Error ? error.message : String(error ?? "failed"),
    }),
    broken,
  };
}
