// How answers are written, on every backend: Location on 201, DateFormatString and
// DateTimeFormatString, line breaks in text as spaces (what is stored keeps them).
import { expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { DEMO } from "../store/demo-data.js";
import {
  AUTH,
  DOCUMENTED_GET_EXAMPLE,
  describeEachBackend,
  seedPatient,
  storedRefAttaches,
} from "../testing/index.js";

type Row = Record<string, unknown>;

describeEachBackend("answers", (server) => {
  let nextPatient = 700;
  const newPatient = () => seedPatient(server().database.db, nextPatient++);

  it("names the new resource in Location on 201, and it is where the resource lives", async () => {
    const PatNum = await newPatient();
    const created = await server().request("POST", "/refattaches", {
      body: { PatNum, referralName: "Located" },
    });
    expect(created.status).toBe(201);
    const { RefAttachNum } = created.body as Row;
    expect(created.headers.get("Location")).toBe(`/api/v1/refattaches/${RefAttachNum}`);
    const moved = await server().request("PUT", `/refattaches/${RefAttachNum}`, {
      body: { Note: "found by its Location" },
    });
    expect(moved.status).toBe(200);

    const referral = await server().request("POST", "/referrals", { body: { LName: "Where" } });
    expect(referral.status).toBe(201);
    const location = referral.headers.get("Location");
    expect(location).toBe(`/api/v1/referrals/${(referral.body as Row).ReferralNum}`);
    const fetched = await fetch(new URL(location ?? "", server().url), {
      headers: { Authorization: AUTH },
    });
    expect(await fetched.json()).toEqual(referral.body);
  });

  it("writes dates and date-times as DateFormatString and DateTimeFormatString say", async () => {
    const query = "DateFormatString=MM%2Fdd%2Fyyyy&DateTimeFormatString=dd.MM.yyyy%20HH%3Amm";
    const reply = await server().request("GET", `/refattaches?PatNum=25&${query}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      {
        ...DOCUMENTED_GET_EXAMPLE,
        RefDate: "01/05/2022",
        DateProcComplete: "01/01/0001",
        DateTStamp: "05.01.2022 10:13",
      },
    ]);
    // Letters that are not format tokens are copied; only date-times change with their own.
    const literal = await server().request(
      "GET",
      "/refattaches?PatNum=25&DateFormatString=YYYY%20ddd%20d%20'of'%20MMMM",
    );
    expect(literal.body).toMatchObject([
      { RefDate: "YYYY Wed 5 of January", DateTStamp: DOCUMENTED_GET_EXAMPLE.DateTStamp },
    ]);
    const referral = await server().request(
      "GET",
      `/referrals/${DEMO.referrals.bokish}?DateTimeFormatString=yyyyMMddHHmmss`,
    );
    expect(referral.body).toMatchObject({ DateTStamp: "20220105101312" });
  });

  it("formats POST and PUT answers too, and stores the dates as yyyy-MM-dd", async () => {
    const PatNum = await newPatient();
    const created = await server().request("POST", "/refattaches?DateFormatString=dd.MM.yyyy", {
      body: { PatNum, referralName: "Formatted", RefDate: "2023-12-05" },
    });
    expect(created).toMatchObject({ status: 201, body: { RefDate: "05.12.2023" } });
    const { RefAttachNum } = created.body as Row;
    const updated = await server().request(
      "PUT",
      `/refattaches/${RefAttachNum}?DateFormatString=M%2Fd%2Fyy`,
      { body: { DateProcComplete: "2024-02-09" } },
    );
    expect(updated).toMatchObject({
      status: 200,
      body: { RefDate: "12/5/23", DateProcComplete: "2/9/24" },
    });
    const [stored] = await storedRefAttaches(server().database.db, PatNum);
    expect(stored).toMatchObject({ RefDate: "2023-12-05", DateProcComplete: "2024-02-09" });
  });

  it.each([
    ["DateFormatString=d", "DateFormatString"],
    ["DateFormatString=yyyy%20'open", "DateFormatString"],
    ["DateTimeFormatString=HH%3Amm%20zzz", "DateTimeFormatString"],
    ["DateTimeFormatString=ss.ffffffff", "DateTimeFormatString"],
    ["DateFormatString=", "DateFormatString"],
  ])("400s ?%s naming %s, and a POST with it stores nothing", async (query, name) => {
    const get = await server().request("GET", `/refattaches?PatNum=25&${query}`);
    expect(get.status).toBe(400);
    expect(get.body).toEqual(expect.stringMatching(new RegExp(`^${name} `)));
    const PatNum = await newPatient();
    const post = await server().request("POST", `/refattaches?${query}`, {
      body: { PatNum, referralName: "Never stored" },
    });
    expect(post).toMatchObject({ status: 400, body: get.body });
    expect(await storedRefAttaches(server().database.db, PatNum)).toEqual([]);
  });

  // Open Dental's serializer writes line breaks as spaces: no text field of an answer spans lines.
  const broken = (text: string) => `${text} one\r\ntwo\rthree\nfour`;
  const flat = (text: string) => `${text} one two three four`;

  it("writes every line break in a refattach's text as one space, and stores it as sent", async () => {
    const PatNum = await newPatient();
    const created = await server().request("POST", "/refattaches", {
      body: { PatNum, referralName: broken("Carriage"), Note: broken("Note") },
    });
    const written = { Note: flat("Note"), referralName: flat("Carriage") };
    expect(created).toMatchObject({ status: 201, body: written });
    const { RefAttachNum } = created.body as Row;
    const [stored] = await storedRefAttaches(server().database.db, PatNum);
    expect(stored?.Note).toBe(broken("Note"));
    expect(await server().request("GET", `/refattaches?PatNum=${PatNum}`)).toMatchObject({
      status: 200,
      body: [written],
    });
    const updated = await server().request("PUT", `/refattaches/${RefAttachNum}`, {
      body: { Note: "\n\r\n" },
    });
    expect(updated).toMatchObject({ status: 200, body: { Note: "  " } });
  });

  it("writes every line break in a referral's text as one space, and stores it as sent", async () => {
    const sent = {
      LName: broken("L"),
      FName: broken("F"),
      MName: broken("M"),
      Title: broken("T"),
      BusinessName: broken("Brokenlines"),
    };
    const written = {
      LName: flat("L"),
      FName: flat("F"),
      MName: flat("M"),
      Title: flat("T"),
      BusinessName: flat("Brokenlines"),
    };
    const created = await server().request("POST", "/referrals", { body: sent });
    expect(created).toMatchObject({ status: 201, body: written });
    const { ReferralNum } = created.body as Row;
    const stored = await server()
      .database.db.selectFrom("referral")
      .select(["LName", "FName", "MName", "Title", "BusinessName"])
      .where("ReferralNum", "=", Number(ReferralNum))
      .executeTakeFirstOrThrow();
    expect(stored).toEqual(sent);
    expect(await server().request("GET", `/referrals/${ReferralNum}`)).toMatchObject({
      body: written,
    });
    const listed = await server().request("GET", "/referrals?BusinessName=brokenlines");
    expect(listed).toMatchObject({ status: 200, body: [written] });
    const updated = await server().request("PUT", `/referrals/${ReferralNum}`, {
      body: { Title: "a\rb" },
    });
    expect(updated).toMatchObject({ status: 200, body: { ...written, Title: "a b" } });
  });

  it("keeps the read-only check: a body naming a formatted field is still refused", async () => {
    expect(
      await server().request("POST", "/refattaches?DateFormatString=MM%2Fdd%2Fyyyy", {
        body: { PatNum: 25, ReferralNum: 3, DateTStamp: "2023-01-01 00:00:00" },
      }),
    ).toMatchObject({ status: 400, body: messages.readOnlyField("DateTStamp") });
  });
});
