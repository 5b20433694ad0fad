// Authentication on every backend: 401 with WWW-Authenticate, failures slowed per client
// address (429 with Retry-After), and the optional per-customer-key rate limit.
import { expect, it } from "vitest";
import { DEMO_API_KEY } from "../config.js";
import { messages } from "../domain/errors.js";
import { describeEachBackend } from "../testing/index.js";

const WRONG = { Authorization: "ODFHIR demo-developer-key/wrong-customer-key" };

describeEachBackend(
  "failed authentication",
  (server) => {
    it("answers 401 with WWW-Authenticate: ODFHIR", async () => {
      for (const headers of [{}, { Authorization: "Bearer x" }, WRONG]) {
        const reply = await server().request("GET", "/refattaches?PatNum=25", { headers });
        expect(reply.status).toBe(401);
        expect(reply.headers.get("WWW-Authenticate")).toBe("ODFHIR");
      }
    });

    it("answers 429 with Retry-After once an address failed 20 times, never a valid key", async () => {
      // The test above failed 3 times already.
      const replies = [];
      for (let i = 0; i < 20; i++) {
        replies.push(await server().request("GET", "/refattaches", { headers: WRONG }));
      }
      expect(replies.slice(0, 17).map((r) => r.status)).toEqual(Array(17).fill(401));
      for (const reply of replies.slice(17)) {
        expect(reply.status).toBe(429);
        const wait = Number(reply.headers.get("Retry-After"));
        expect(Number.isInteger(wait) && wait >= 1 && wait <= 3).toBe(true);
        expect(reply.body).toBe(messages.tooManyAuthFailures(wait));
        expect(reply.headers.get("Cache-Control")).toBe("no-store");
      }
      expect((await server().request("GET", "/refattaches?PatNum=25")).status).toBe(200);
      expect((await server().request("GET", "/refattaches", { headers: {} })).status).toBe(429);
    });
  },
  { limits: { authFailuresPerMinute: 20 } },
);

describeEachBackend(
  "RATE_LIMIT_PER_SECOND",
  (server) => {
    it("lets one request per second through per customer key, with Retry-After for the rest", async () => {
      expect((await server().request("GET", "/refattaches?PatNum=25")).status).toBe(200);
      const throttled = await server().request("GET", "/refattaches?PatNum=25");
      expect(throttled).toMatchObject({ status: 429, body: messages.rateLimited(1) });
      expect(throttled.headers.get("Retry-After")).toBe("1");
      // Another customer key has its own allowance.
      const other = await server().request("GET", "/refattaches?PatNum=25", {
        headers: { Authorization: "ODFHIR demo-developer-key/second-customer" },
      });
      expect(other.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await server().request("GET", "/refattaches?PatNum=25")).status).toBe(200);
    });
  },
  {
    apiKeys: [DEMO_API_KEY, { developerKey: "demo-developer-key", customerKey: "second-customer" }],
    limits: { rateLimitPerSecond: 1 },
  },
);
