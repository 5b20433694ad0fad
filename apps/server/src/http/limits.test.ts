import { expect, it } from "vitest";
import { describeEachBackend } from "../testing/index.js";

describeEachBackend(
  "MAX_PAGE_SIZE",
  (server) => {
    it("raises the largest Limit; the default page stays 100", async () => {
      expect((await server().request("GET", "/refattaches?Limit=1000")).status).toBe(200);
      expect(await server().request("GET", "/refattaches?Limit=1001")).toMatchObject({
        status: 400,
        body: "Limit must be at most 1000",
      });
      expect((await server().request("GET", "/referrals?Limit=1000")).status).toBe(200);
    });
  },
  { limits: { maxPageSize: 1000 } },
);
