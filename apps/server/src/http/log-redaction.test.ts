// The rule for patient data in logs, checked over a real server process: whatever a burst of
// requests carries (query strings, headers, bodies, names, notes, keys, hostile paths) and
// however they end (2xx, 4xx, 404, 500), no log line repeats any of it.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDatabase } from "../store/better-sqlite3.js";
import { DEMO } from "../store/demo-data.js";
import {
  logEntries,
  processDir,
  type ServerProcess,
  startServerProcess,
} from "../testing/process.js";

/** Values a client sends that must never reach a log line; each appears nowhere else. */
const SECRET = {
  developerKey: "devkey-Kq7Z",
  customerKey: "custkey-W3xP",
  wrongKey: "wrongkey-J8vR",
  referralName: "Quixotic-Referrer-Hv2",
  firstName: "Hermione-Fn4",
  note: "Allergic-to-penicillin-Nt6",
  query: "Acme-Dental-Qs9",
  header: "Jane-Doe-Hd3",
  path: "Patient-Path-Pt1",
} as const;

describe("what the server logs", () => {
  let server: ServerProcess;
  let api: string;
  let origin: string;
  let file: string;

  beforeAll(async () => {
    const dir = processDir();
    file = join(dir, "logs.sqlite");
    server = startServerProcess(
      {
        DATABASE_URL: `sqlite:${file}`,
        OD_API_KEYS: `${SECRET.developerKey}/${SECRET.customerKey}`,
        DEMO_DATA: "1",
        LOG_LEVEL: "trace",
      },
      { dir },
    );
    api = await server.listening;
    origin = new URL(api).origin;
  });

  afterAll(async () => {
    await server.stop();
  });

  it("never holds a query string, header, body, name, note or key, even in error lines", async () => {
    const auth = { Authorization: `ODFHIR ${SECRET.developerKey}/${SECRET.customerKey}` };
    const json = { ...auth, "Content-Type": "application/json", "X-Patient": SECRET.header };
    const attach = {
      PatNum: DEMO.patients.referredOut,
      referralName: SECRET.referralName,
      Note: SECRET.note,
    };
    const requests: [string, RequestInit][] = [
      // Valid
      [`${api}/refattaches?PatNum=${DEMO.patients.withRefAttach}`, { headers: json }],
      [`${api}/refattaches`, { method: "POST", headers: json, body: JSON.stringify(attach) }],
      [`${api}/referrals?BusinessName=${SECRET.query}`, { headers: json }],
      [
        `${api}/referrals`,
        {
          method: "POST",
          headers: json,
          body: JSON.stringify({ LName: `${SECRET.referralName}-2`, FName: SECRET.firstName }),
        },
      ],
      [`${origin}/health?probe=${SECRET.query}`, { headers: { "X-Patient": SECRET.header } }],
      [`${origin}/ready`, { headers: json }],
      // Invalid
      [`${api}/refattaches?${SECRET.query}=1`, { headers: json }],
      [`${api}/refattaches`, { method: "POST", headers: json, body: `{"Note":"${SECRET.note}",` }],
      [
        `${api}/refattaches`,
        { method: "POST", headers: json, body: JSON.stringify({ ...attach, PatNum: "x" }) },
      ],
      [
        `${api}/referrals/1`,
        { method: "PUT", headers: json, body: JSON.stringify({ [SECRET.firstName]: 1 }) },
      ],
      [
        `${api}/refattaches`,
        { headers: { Authorization: `ODFHIR ${SECRET.wrongKey}/${SECRET.customerKey}` } },
      ],
      [`${api}/refattaches`, { headers: { Authorization: SECRET.wrongKey } }],
      [
        `${api}/refattaches`,
        { method: "POST", headers: { ...auth, "Content-Type": `text/plain; ${SECRET.header}` } },
      ],
      // Not found, including a path that tries to forge a log line
      [`${api}/patients/${SECRET.path}`, { headers: json }],
      [`${api}/x%0A%1B[31m${SECRET.path}%0D`, { headers: json }],
      [`${api}/refattaches/999999`, { method: "DELETE", headers: json }],
    ];
    const statuses: number[] = [];
    for (const [url, init] of requests) {
      statuses.push((await fetch(url, init)).status);
    }
    expect(new Set(statuses)).toEqual(new Set([200, 201, 400, 401, 404]));

    // A 500: the table vanishes under the running server (another program dropped it).
    const db = new SqliteDatabase(file);
    db.exec("drop table refattach");
    db.close();
    const failed = await fetch(`${api}/refattaches?PatNum=${DEMO.patients.withRefAttach}`, {
      headers: json,
    });
    expect(failed.status).toBe(500);

    const total = requests.length + 1;
    await expect
      .poll(() => logEntries(server.output()).filter((entry) => entry.msg === "request").length)
      .toBe(total);
    const entries = logEntries(server.output());
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "unhandled error",
        route: "/api/v1/refattaches",
      }),
    );
    // Every line is a JSON object of its own: nothing the client sent split or forged one.
    const lines = server.output().trimEnd().split("\n");
    expect(lines.every((line) => line.startsWith("{") && line.endsWith("}"))).toBe(true);
    for (const value of Object.values(SECRET)) {
      expect(server.output()).not.toContain(value);
    }
  });
});
