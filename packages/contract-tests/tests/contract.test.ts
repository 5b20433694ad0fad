// The contract suite against this repo's server: one test per check the spec calls for, run
// in plan order against a server on a real socket over a fresh database of each backend
// (SQLite, and MariaDB when MYSQL_URL is set).
import { DEMO_API_KEY as KEY } from "@refattaches/server";
import { backends, startTestServer, type TestServer } from "@refattaches/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanUp,
  createRunContext,
  formatResult,
  loadContract,
  planChecks,
  type RunContext,
  runCheck,
} from "../src/index.js";

const contract = await loadContract();
const { checks } = planChecks(contract);

for (const backend of backends) {
  describe(`the server built from this repo [${backend.name}], checked against the spec`, () => {
    if (backend.skipReason) {
      it.skip(`${backend.name}: ${backend.skipReason}`, () => {});
      return;
    }
    let server: TestServer;
    let context: RunContext;

    beforeAll(async () => {
      server = await startTestServer(backend);
      context = createRunContext(contract, { baseUrl: server.url, ...KEY });
    });

    afterAll(async () => {
      // A test filtered out or cut short can leave the run's items behind: delete them.
      if (context !== undefined) await cleanUp(context);
      await server?.close();
    });

    for (const check of checks) {
      const { operationId, method, path } = check.operation;
      it(`${check.kind} ${operationId} ${method} ${path} | ${check.title}`, async () => {
        const result = await runCheck(context, check);
        expect(result.failures, formatResult(result)).toEqual([]);
      });
    }
  });
}
