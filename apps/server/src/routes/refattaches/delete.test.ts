import { expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { describeEachBackend, seedPatient, storedRefAttaches } from "../../testing/index.js";

describeEachBackend("DELETE /refattaches/{RefAttachNum}", (server) => {
  let nextPatient = 500;

  async function patientWith(names: string[]) {
    const PatNum = await seedPatient(server().database.db, nextPatient++);
    const ids: number[] = [];
    for (const referralName of names) {
      const reply = await server().request("POST", "/refattaches", {
        body: { PatNum, referralName },
      });
      ids.push((reply.body as { RefAttachNum: number }).RefAttachNum);
    }
    return { PatNum, ids };
  }

  it("deletes with 200 and no body, and closes the ItemOrder gap", async () => {
    const { PatNum, ids } = await patientWith(["Del A", "Del B", "Del C", "Del D"]);
    const reply = await server().request("DELETE", `/refattaches/${ids[1]}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBeUndefined();
    const stored = await storedRefAttaches(server().database.db, PatNum);
    expect(stored.map((r) => [Number(r.RefAttachNum), Number(r.ItemOrder)])).toEqual([
      [ids[0], 0],
      [ids[2], 1],
      [ids[3], 2],
    ]);
    // The next attachment continues after the closed gap.
    const next = await server().request("POST", "/refattaches", {
      body: { PatNum, referralName: "Del E" },
    });
    expect(next.body).toMatchObject({ ItemOrder: 3 });
  });

  it("404s an id that does not exist, including one already deleted", async () => {
    const { ids } = await patientWith(["Del Once"]);
    expect((await server().request("DELETE", `/refattaches/${ids[0]}`)).status).toBe(200);
    expect(await server().request("DELETE", `/refattaches/${ids[0]}`)).toMatchObject({
      status: 404,
      body: messages.refAttachNotFound,
    });
  });

  it("400s an id that is not a positive integer", async () => {
    expect(await server().request("DELETE", "/refattaches/x1")).toMatchObject({
      status: 400,
      body: "RefAttachNum must be an integer",
    });
  });

  it("400s an unknown query parameter and keeps the row", async () => {
    const { PatNum, ids } = await patientWith(["Del Query"]);
    expect(await server().request("DELETE", `/refattaches/${ids[0]}?Force=true`)).toMatchObject({
      status: 400,
      body: messages.invalidParameter("Force"),
    });
    expect(await storedRefAttaches(server().database.db, PatNum)).toHaveLength(1);
  });

  it("401s without a key and keeps the row", async () => {
    const { PatNum, ids } = await patientWith(["Del Kept"]);
    const reply = await server().request("DELETE", `/refattaches/${ids[0]}`, { headers: {} });
    expect(reply.status).toBe(401);
    expect(await storedRefAttaches(server().database.db, PatNum)).toHaveLength(1);
  });
});
