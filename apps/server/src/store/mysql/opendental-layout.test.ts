// The server on an Open Dental database: Open Dental's own table layouts (with the many
// columns this API does not use, several NOT NULL without a default), strict SQL mode, and a
// start-up check that names what is missing instead of altering anything. Needs MYSQL_URL.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { DOCUMENTED_GET_EXAMPLE } from "../../testing/examples.js";
import { captureLogs } from "../../testing/logs.js";
import { call } from "../../testing/server.js";
import { DatabaseStartError } from "./errors.js";
import { migrateMysql } from "./migrate.js";
import { WEBHOOK_TABLE_NAMES } from "./webhook-tables.js";

if (!MYSQL_URL) {
  console.info(
    "store/mysql/opendental-layout.test.ts: MYSQL_URL is not set; MariaDB tests skipped",
  );
}

type Row = Record<string, unknown>;
type TestDb = ReturnType<typeof mysqlTestKysely>;

/**
 * Open Dental's layout of the tables the API touches, as its schema publishes them: refattach
 * complete; referral complete; patient, provider and procedurelog with a sample of their many
 * other columns; and `preference`, which stands for the hundreds of tables the API never reads.
 */
const OPEN_DENTAL = {
  refattach: `CREATE TABLE refattach (
    RefAttachNum bigint(20) NOT NULL AUTO_INCREMENT,
    ReferralNum bigint(20) NOT NULL,
    PatNum bigint(20) NOT NULL,
    ItemOrder smallint(5) unsigned NOT NULL,
    RefDate date NOT NULL DEFAULT '0001-01-01',
    RefType tinyint(4) NOT NULL,
    RefToStatus tinyint(3) unsigned NOT NULL,
    Note text,
    IsTransitionOfCare tinyint(4) NOT NULL,
    ProcNum bigint(20) NOT NULL,
    DateProcComplete date NOT NULL DEFAULT '0001-01-01',
    ProvNum bigint(20) NOT NULL,
    DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (RefAttachNum),
    KEY PatNum (PatNum),
    KEY ReferralNum (ReferralNum),
    KEY ProcNum (ProcNum),
    KEY ProvNum (ProvNum)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  referral: `CREATE TABLE referral (
    ReferralNum bigint(20) NOT NULL AUTO_INCREMENT,
    LName varchar(100) DEFAULT '',
    FName varchar(100) DEFAULT '',
    MName varchar(100) DEFAULT '',
    SSN varchar(9) DEFAULT '',
    UsingTIN tinyint(1) unsigned NOT NULL DEFAULT 0,
    Specialty bigint(20) NOT NULL,
    ST varchar(2) DEFAULT '',
    Telephone varchar(10) DEFAULT '',
    Address varchar(100) DEFAULT '',
    Address2 varchar(100) DEFAULT '',
    City varchar(100) DEFAULT '',
    Zip varchar(10) DEFAULT '',
    Note text,
    Phone2 varchar(30) DEFAULT '',
    IsHidden tinyint(1) unsigned NOT NULL DEFAULT 0,
    NotPerson tinyint(1) unsigned NOT NULL DEFAULT 0,
    Title varchar(255) DEFAULT '',
    EMail varchar(255) DEFAULT '',
    PatNum bigint(20) NOT NULL,
    NationalProvID varchar(255) DEFAULT '',
    Slip bigint(20) NOT NULL,
    IsDoctor tinyint(4) NOT NULL,
    IsTrustedDirect tinyint(4) NOT NULL,
    DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    IsPreferred tinyint(4) NOT NULL,
    BusinessName varchar(255) NOT NULL,
    DisplayNote varchar(4000) NOT NULL,
    PRIMARY KEY (ReferralNum),
    KEY PatNum (PatNum),
    KEY Slip (Slip)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  patient: `CREATE TABLE patient (
    PatNum bigint(20) NOT NULL AUTO_INCREMENT,
    LName varchar(100) DEFAULT '',
    FName varchar(100) DEFAULT '',
    MiddleI varchar(100) DEFAULT '',
    Preferred varchar(100) DEFAULT '',
    PatStatus tinyint(3) unsigned NOT NULL DEFAULT 0,
    Gender tinyint(3) unsigned NOT NULL DEFAULT 0,
    Position tinyint(3) unsigned NOT NULL DEFAULT 0,
    Birthdate date NOT NULL DEFAULT '0001-01-01',
    SSN varchar(100) DEFAULT '',
    Address varchar(100) DEFAULT '',
    City varchar(100) DEFAULT '',
    Guarantor bigint(20) NOT NULL DEFAULT 0,
    PriProv bigint(20) NOT NULL DEFAULT 0,
    ClinicNum bigint(20) NOT NULL,
    DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (PatNum),
    KEY LName (LName),
    KEY Guarantor (Guarantor)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  provider: `CREATE TABLE provider (
    ProvNum bigint(20) NOT NULL AUTO_INCREMENT,
    Abbr varchar(255) DEFAULT '',
    ItemOrder smallint(5) unsigned NOT NULL DEFAULT 0,
    LName varchar(100) DEFAULT '',
    FName varchar(100) DEFAULT '',
    MI varchar(100) DEFAULT '',
    Suffix varchar(100) DEFAULT '',
    FeeSched bigint(20) NOT NULL,
    Specialty bigint(20) NOT NULL,
    IsHidden tinyint(3) unsigned NOT NULL DEFAULT 0,
    NationalProvID varchar(255) DEFAULT '',
    DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (ProvNum)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  procedurelog: `CREATE TABLE procedurelog (
    ProcNum bigint(20) NOT NULL AUTO_INCREMENT,
    PatNum bigint(20) NOT NULL,
    AptNum bigint(20) NOT NULL,
    ProcDate date NOT NULL DEFAULT '0001-01-01',
    ProcFee double NOT NULL DEFAULT 0,
    Surf varchar(10) DEFAULT '',
    ToothNum varchar(2) DEFAULT '',
    ProcStatus tinyint(4) NOT NULL DEFAULT 0,
    ProvNum bigint(20) NOT NULL,
    CodeNum bigint(20) NOT NULL,
    DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (ProcNum),
    KEY PatNum (PatNum),
    KEY AptNum (AptNum),
    KEY ProvNum (ProvNum)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  preference: `CREATE TABLE preference (
    PrefNum bigint(20) NOT NULL AUTO_INCREMENT,
    PrefName varchar(255) DEFAULT '',
    ValueString mediumtext NOT NULL,
    Comments text,
    PRIMARY KEY (PrefNum)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
} as const;

type OpenDentalTable = keyof typeof OPEN_DENTAL;
const ALL_TABLES = Object.keys(OPEN_DENTAL) as OpenDentalTable[];

/** Open Dental's rows, written the way Open Dental writes them: every column given. */
async function loadOpenDentalRows(db: TestDb): Promise<void> {
  const rows = [
    sql`insert into preference values (1, 'DataBaseVersion', '24.1.1.0', null)`,
    sql`insert into patient values
      (11, 'Jones', 'Ann', 'Q', 'Annie', 0, 1, 0, '1980-02-29', '123456789', '1 Elm St', 'Salem', 11, 8, 0, '2021-03-04 05:06:07'),
      (12, 'Gone', 'Bob', '', '', 4, 0, 0, '0001-01-01', '', '', '', 12, 8, 0, '2021-03-04 05:06:07')`,
    sql`insert into provider values
      (8, 'DOC1', 1, 'Smith', 'Jo', 'K', 'DDS', 53, 0, 0, '1234567893', '2020-01-01 00:00:00')`,
    sql`insert into procedurelog values
      (1192, 11, 0, '2023-11-30', 125.5, 'MOD', '3', 2, 8, 99, '2023-11-30 12:00:00')`,
    sql`insert into referral values
      (5, 'Stevens', 'Steve', 'N', '', 0, 0, 'OR', '5035551234', '9 Oak Ave', 'Suite 2',
       'Salem', '97301', 'Prefers fax', '', 0, 0, 'DDS', 'steve@example.com', 0, '1234567890',
       3, 1, 1, '2022-01-05 10:13:12', 1, '', 'Call first'),
      (6, 'Bokish', '', '', '', 0, 0, '', '', '', '', '', '', null, '', 0, 1, '', '', 0, '',
       0, 0, 0, '2022-01-05 10:13:12', 0, 'Bokish Clinic', '')`,
    sql`insert into refattach values
      (1, 5, 11, 0, '2022-01-05', 1, 0, null, 0, 0, '0001-01-01', 0, '2022-01-05 10:13:12')`,
  ];
  for (const statement of rows) await statement.execute(db);
}

async function createOpenDentalTables(db: TestDb, except: OpenDentalTable[] = []) {
  for (const table of ALL_TABLES) {
    if (!except.includes(table)) await sql.raw(OPEN_DENTAL[table]).execute(db);
  }
}

/** SHOW CREATE TABLE of every table, without the auto-increment counter. */
async function layouts(db: TestDb): Promise<Record<string, string>> {
  const { rows } = await sql<Record<string, string>>`show tables`.execute(db);
  const result: Record<string, string> = {};
  for (const row of rows) {
    const name = Object.values(row)[0] ?? "";
    const shown = await sql<Record<string, string>>`show create table ${sql.table(name)}`.execute(
      db,
    );
    result[name] = (shown.rows[0]?.["Create Table"] ?? "").replace(/ AUTO_INCREMENT=\d+/, "");
  }
  return result;
}

describe.skipIf(!MYSQL_URL)("An Open Dental database", () => {
  const logs = captureLogs();
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let db: TestDb;
  let server: RunningServer;
  let before: Record<string, string>;
  let api: (method: string, path: string, body?: unknown) => ReturnType<typeof call>;
  const referralRow = (num: number) =>
    db.selectFrom("referral").selectAll().where("ReferralNum", "=", num).executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    db = mysqlTestKysely(database.url);
    await createOpenDentalTables(db);
    await loadOpenDentalRows(db);
    before = await layouts(db);
    server = await startServer({ port: 0, databaseUrl: database.url, logger: logs.logger });
    api = (method, path, body) => call(server.url, method, path, body);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await database?.drop();
  });

  it("runs under strict SQL mode here, so missing column values would be errors", async () => {
    const { rows } = await sql<{ mode: string }>`select @@sql_mode as mode`.execute(db);
    expect(rows[0]?.mode).toMatch(/STRICT_TRANS_TABLES|STRICT_ALL_TABLES/);
  });

  it("starts without creating tables or loading the demo set", async () => {
    expect(Object.keys(await layouts(db)).sort()).toEqual([...ALL_TABLES].sort());
    expect(await api("GET", "/refattaches?PatNum=25")).toMatchObject({ status: 404 });
  });

  it("reads Open Dental's rows, including a NULL Note", async () => {
    expect(await api("GET", "/refattaches?PatNum=11")).toEqual({
      status: 200,
      // The documented row, under this layout's own keys.
      body: [{ ...DOCUMENTED_GET_EXAMPLE, ReferralNum: 5, PatNum: 11 }],
    });
    expect(await api("GET", "/refattaches?PatNum=12")).toEqual({
      status: 400,
      body: messages.patientDeleted,
    });
  });

  it("POSTs with a ReferralNum, storing Open Dental's codes", async () => {
    const reply = await api("POST", "/refattaches", {
      PatNum: 11,
      ReferralNum: 6,
      ReferralType: "RefTo",
      RefToStatus: "Scheduled",
      RefDate: "2023-12-05",
      ProcNum: 1192,
      DateProcComplete: "2023-12-06",
      ProvNum: 8,
      IsTransitionOfCare: "true",
      Note: "Scheduled with Dr. Bokish",
    });
    expect(reply).toMatchObject({
      status: 201,
      body: { ReferralNum: 6, referralName: "Bokish", ItemOrder: 1, RefDate: "2023-12-05" },
    });
    const stored = await db
      .selectFrom("refattach")
      .selectAll()
      .where("RefAttachNum", "=", (reply.body as Row).RefAttachNum as number)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      PatNum: 11,
      ItemOrder: 1,
      RefDate: "2023-12-05",
      RefType: 0,
      RefToStatus: 2,
      IsTransitionOfCare: 1,
      ProcNum: 1192,
      DateProcComplete: "2023-12-06",
      ProvNum: 8,
      Note: "Scheduled with Dr. Bokish",
    });
  });

  it("creates an Open Dental referral by name, filling the columns Open Dental requires", async () => {
    const reply = await api("POST", "/refattaches", {
      PatNum: 11,
      referralName: "Valley Oral Surgery",
    });
    expect(reply).toMatchObject({
      status: 201,
      body: { referralName: "Valley Oral Surgery", ItemOrder: 2 },
    });
    const created = (await referralRow((reply.body as Row).ReferralNum as number)) as Row;
    expect(created).toMatchObject({
      LName: "Valley Oral Surgery",
      NotPerson: 1,
      IsDoctor: 0,
      IsHidden: 0,
      // Columns this API does not know: NOT NULL without a default, filled with Open Dental's
      // empty values; nullable ones stay NULL; ones with a default get it.
      Slip: 0,
      IsTrustedDirect: 0,
      IsPreferred: 0,
      DisplayNote: "",
      Note: null,
      Address: "",
      UsingTIN: 0,
    });
    // The same name again finds it, ignoring case.
    const again = await api("POST", "/refattaches", {
      PatNum: 11,
      referralName: "valley oral surgery",
      ReferralType: "RefCustom",
    });
    expect((again.body as Row).ReferralNum).toBe((reply.body as Row).ReferralNum);
  });

  it("creates referrals through POST /referrals too", async () => {
    const reply = await api("POST", "/referrals", { LName: "Harbor Endo", Specialty: 4 });
    expect(reply).toMatchObject({ status: 201, body: { LName: "Harbor Endo", IsDoctor: "true" } });
    expect(await referralRow((reply.body as Row).ReferralNum as number)).toMatchObject({
      Specialty: 4,
      DisplayNote: "",
      Slip: 0,
    });
  });

  it("PUTs changes and stamps DateTStamp", async () => {
    const reply = await api("PUT", "/refattaches/1", { RefToStatus: "Consulted", Note: "Seen" });
    expect(reply).toMatchObject({
      status: 200,
      body: { RefAttachNum: 1, RefToStatus: "Consulted", Note: "Seen", RefDate: "2022-01-05" },
    });
    expect((reply.body as Row).DateTStamp).not.toBe("2022-01-05 10:13:12");
  });

  it("DELETEs and closes the ItemOrder gap", async () => {
    expect(await api("DELETE", "/refattaches/1")).toEqual({ status: 200, body: undefined });
    const rows = await db
      .selectFrom("refattach")
      .select(["ReferralNum", "ItemOrder"])
      .where("PatNum", "=", 11)
      .orderBy("ItemOrder")
      .execute();
    expect(rows.map((r) => Number(r.ItemOrder))).toEqual([0, 1, 2]);
  });

  it("leaves the columns it does not use as Open Dental wrote them", async () => {
    expect(await referralRow(5)).toMatchObject({
      SSN: "",
      Telephone: "5035551234",
      Address: "9 Oak Ave",
      Address2: "Suite 2",
      City: "Salem",
      Zip: "97301",
      Note: "Prefers fax",
      EMail: "steve@example.com",
      NationalProvID: "1234567890",
      Slip: 3,
      IsTrustedDirect: 1,
      IsPreferred: 1,
      DisplayNote: "Call first",
      DateTStamp: "2022-01-05 10:13:12",
    });
    const patient = await sql<Row>`select * from patient where PatNum = 11`.execute(db);
    expect(patient.rows[0]).toMatchObject({
      MiddleI: "Q",
      Birthdate: "1980-02-29",
      Guarantor: 11,
      DateTStamp: "2021-03-04 05:06:07",
    });
    const preference = await sql<Row>`select * from preference`.execute(db);
    expect(preference.rows).toEqual([
      { PrefNum: 1, PrefName: "DataBaseVersion", ValueString: "24.1.1.0", Comments: null },
    ]);
  });

  it("runs without subscriptions, saying how to add them, and writes record no events", async () => {
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: messages.subscriptionsNotSetUp,
        missing: WEBHOOK_TABLE_NAMES,
      }),
    );
    expect(await api("GET", "/subscriptions")).toEqual({
      status: 503,
      body: messages.subscriptionsNotSetUp,
    });
    expect(
      await api("POST", "/subscriptions", {
        EndPointUrl: "http://127.0.0.1:9/hook",
        WatchTable: "RefAttach",
        PollingSeconds: 60,
      }),
    ).toMatchObject({ status: 503, body: messages.subscriptionsNotSetUp });
  });

  it("altered no table and added none", async () => {
    expect(await layouts(db)).toEqual(before);
  });
});

describe.skipIf(!MYSQL_URL)("The start-up check on an Open Dental database", () => {
  const dropLater: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const drop of dropLater) await drop();
  });

  /** A fresh database holding Open Dental's tables, changed by `alter` first. */
  async function openDental(alter?: (db: TestDb) => Promise<void>, except: OpenDentalTable[] = []) {
    const database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const db = mysqlTestKysely(database.url);
    dropLater.push(async () => {
      await db.destroy();
      await database.drop();
    });
    await createOpenDentalTables(db, except);
    await alter?.(db);
    return { url: database.url, db };
  }

  async function startError(url: string): Promise<string> {
    const error = await startServer({ port: 0, databaseUrl: url }).then(
      async (server) => {
        await server.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseStartError);
    return (error as Error).message;
  }

  it("names a missing column and alters nothing", async () => {
    const { url, db } = await openDental(async (db) => {
      await sql`alter table refattach drop column IsTransitionOfCare`.execute(db);
    });
    const before = await layouts(db);
    const message = await startError(url);
    expect(message).toContain("column refattach.IsTransitionOfCare is missing");
    expect(message).toContain("never alters existing tables");
    expect(await layouts(db)).toEqual(before);
  });

  it("names a column of the wrong kind", async () => {
    const { url } = await openDental(async (db) => {
      await sql`alter table refattach modify RefDate varchar(10) NOT NULL`.execute(db);
    });
    expect(await startError(url)).toContain(
      "column refattach.RefDate is varchar(10); expected date",
    );
  });

  it("refuses keys without AUTO_INCREMENT (Open Dental's random primary keys)", async () => {
    const { url } = await openDental(async (db) => {
      await sql`alter table referral modify ReferralNum bigint(20) NOT NULL`.execute(db);
    });
    expect(await startError(url)).toContain("column referral.ReferralNum is not AUTO_INCREMENT");
  });

  it("names missing tables; `migrate` creates only those, and then the server starts", async () => {
    const { url, db } = await openDental(undefined, ["provider", "procedurelog"]);
    const before = await layouts(db);
    const message = await startError(url);
    expect(message).toContain("table provider is missing");
    expect(message).toContain("table procedurelog is missing");
    expect(message).toContain("pnpm --filter @refattaches/server migrate");
    expect(await layouts(db)).toEqual(before);

    // The command itself, as an operator runs it.
    const entry = join(import.meta.dirname, "..", "..", "migrate.ts");
    const run = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
    });
    let output = "";
    run.stdout.on("data", (chunk) => {
      output += chunk;
    });
    run.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => run.on("exit", resolve));
    expect(output).toContain(
      `created tables provider, procedurelog, ${WEBHOOK_TABLE_NAMES.join(", ")}`,
    );
    expect(code).toBe(0);

    const after = await layouts(db);
    expect(Object.keys(after).sort()).toEqual([...ALL_TABLES, ...WEBHOOK_TABLE_NAMES].sort());
    for (const table of Object.keys(before)) expect(after[table]).toBe(before[table]);
    // A second run finds nothing to do.
    expect(await migrateMysql(url, defaultConfig().mysql)).toMatchObject({
      created: [],
      problems: [],
    });

    // With the change-event tables, subscriptions work.
    const server = await startServer({
      port: 0,
      databaseUrl: url,
      webhooks: { allowPrivateUrls: true },
    });
    try {
      const created = await call(server.url, "POST", "/subscriptions", {
        EndPointUrl: "http://127.0.0.1:9/hook",
        WatchTable: "Referral",
        PollingSeconds: 60,
      });
      expect(created.status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it("creates Open Dental's column types in an empty database", async () => {
    const database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const db = mysqlTestKysely(database.url);
    dropLater.push(async () => {
      await db.destroy();
      await database.drop();
    });
    const server = await startServer({ port: 0, databaseUrl: database.url });
    await server.close();
    const { db: reference } = await openDental();
    const columns = (target: TestDb) =>
      sql<{ name: string; type: string; extra: string }>`
        select COLUMN_NAME as name, COLUMN_TYPE as type, EXTRA as extra
        from information_schema.COLUMNS
        where TABLE_SCHEMA = database() and TABLE_NAME = 'refattach'
        order by ORDINAL_POSITION`
        .execute(target)
        .then((r) => r.rows.map((c) => `${c.name} ${c.type} ${c.extra.toLowerCase()}`.trim()));
    expect(await columns(db)).toEqual(await columns(reference));
    expect(await columns(db)).toContain("DateTStamp timestamp on update current_timestamp()");
  });
});
