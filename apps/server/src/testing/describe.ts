import { afterAll, beforeAll, describe, it } from "vitest";
import { backends } from "./backends.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./server.js";

/**
 * Runs `body` once per backend, each against its own server and fresh database. A backend
 * that cannot run here shows up as one skipped test that says why.
 */
export function describeEachBackend(
  title: string,
  body: (server: () => TestServer) => void,
  options: TestServerOptions = {},
): void {
  for (const backend of backends) {
    describe(`${title} [${backend.name}]`, () => {
      if (backend.skipReason) {
        it.skip(`${backend.name}: ${backend.skipReason}`, () => {});
        return;
      }
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(backend, options);
      });
      afterAll(async () => {
        await server?.close();
      });
      body(() => {
        if (!server) throw new Error(`The ${backend.name} test server did not start`);
        return server;
      });
    });
  }
}
