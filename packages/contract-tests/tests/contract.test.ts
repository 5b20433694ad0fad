// The contract suite against this repo's server: one test per check the spec calls for, run
// in plan order against a server on a real socket over a fresh database of each backend
// (SQLite, and MariaDB when MYSQL_URL is set). The server accepts subscriptions to 127.0.0.1,
// where the checker's own receiver gets their deliveries.
import { DEMO_API_KEY as KEY } from "@refattaches/server";
import { backends, startTestServer, type TestServer } from "@refattaches/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanUp,
  createRunContext,
  type DeliverySetup,
  formatResult,
  loadContract,
  planChecks,
  prepareDeliveries,
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
    let deliveries: DeliverySetup | undefined;

    beforeAll(async () => {
      server = await startTestServer(backend, { webhooks: { allowPrivateUrls: true } });
      context = createRunContext(contract, { baseUrl: server.url, ...KEY });
      deliveries = await prepareDeliveries(context);
      // Nothing the plan holds is skipped on this server.
      expect(deliveries.skip).toEqual([]);
    });

    afterAll(async () => {
      // A test filtered out or cut short can leave the run's items behind: delete them.
      if (context !== undefined) await cleanUp(context);
      await deliveries?.close();
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
