import { expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { describeEachBackend } from "../testing/index.js";

describeEachBackend("query strings", (server) => {
  it.each(["/refattaches?=x", "/refattaches?PatNum=25&=", "/referrals?=1", "/referrals/3?=x"])(
    "answers an empty parameter name (%s) like an unknown parameter",
    async (path) => {
      expect(await server().request("GET", path)).toMatchObject({
        status: 400,
        body: messages.invalidParameter(""),
      });
    },
  );

  it("still ignores empty segments, which name nothing", async () => {
    expect((await server().request("GET", "/refattaches?PatNum=25&&")).status).toBe(200);
  });
});
