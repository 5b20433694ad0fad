// The tables this API needs, with Open Dental's names and types. Written with Kysely's
// schema builder so one definition serves SQLite and MySQL/MariaDB; `bigint`, `smallint`,
// `tinyint` and `date` map onto SQLite's type affinities.
import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

const createTables: Migration = {
  async up(db: Kysely<unknown>) {
    const dateTStamp = sql`timestamp`;
    await db.schema
      .createTable("refattach")
      .ifNotExists()
      .addColumn("RefAttachNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("ReferralNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("ItemOrder", "smallint", (c) => c.notNull().defaultTo(0))
      .addColumn("RefDate", "date", (c) => c.notNull().defaultTo("0001-01-01"))
      .addColumn("RefType", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("RefToStatus", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("Note", "text", (c) => c.notNull())
      .addColumn("IsTransitionOfCare", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("ProcNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("DateProcComplete", "date", (c) => c.notNull().defaultTo("0001-01-01"))
      .addColumn("ProvNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("DateTStamp", dateTStamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("refattach_PatNum")
      .ifNotExists()
      .on("refattach")
      .column("PatNum")
      .execute();
    await db.schema
      .createIndex("refattach_ReferralNum")
      .ifNotExists()
      .on("refattach")
      .column("ReferralNum")
      .execute();

    await db.schema
      .createTable("referral")
      .ifNotExists()
      .addColumn("ReferralNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("MName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("Title", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("IsHidden", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("NotPerson", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("IsDoctor", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("Specialty", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("BusinessName", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("DateTStamp", dateTStamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("patient")
      .ifNotExists()
      .addColumn("PatNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("PatStatus", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable("provider")
      .ifNotExists()
      .addColumn("ProvNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("Abbr", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .execute();

    await db.schema
      .createTable("procedurelog")
      .ifNotExists()
      .addColumn("ProcNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex("procedurelog_PatNum")
      .ifNotExists()
      .on("procedurelog")
      .column("PatNum")
      .execute();
  },
};

/** Migrations in order; Kysely's Migrator records which have run. */
export const migrations: MigrationProvider = {
  async getMigrations() {
    return { "0001_create_tables": createTables };
  },
};
