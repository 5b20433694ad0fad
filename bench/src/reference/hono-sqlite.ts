// Reference: the ceiling of this stack on SQLite. Hono + better-sqlite3, exact-match auth,
// the hot path's two lookups as cached prepared statements, the same JSON, no logging.
import { serve } from "@hono/node-server";
import { SqliteDatabase as Database } from "@refattaches/server/sqlite-driver";
import { Hono } from "hono";
import {
  AUTH_HEADER,
  DELETED,
  PAGE_SIZE,
  PAGE_SQL,
  PATIENT_SQL,
  type PageRow,
  SQLITE_PAGE_SQL,
  toJson,
} from "./hot-path.js";

const file = process.env.DATABASE_FILE ?? "";
const db = new Database(file, { readonly: true, fileMustExist: true });
// The same read settings as the real server's read connection, so only the stack differs.
db.pragma("mmap_size = 268435456");
const patient = db.prepare(PATIENT_SQL);
// BARE_LIMIT=1: the page as servers usually write it (`limit ? offset ?`), which SQLite
// prepares again on every read; the bench shows what that costs.
const page = db.prepare(process.env.BARE_LIMIT === "1" ? PAGE_SQL : SQLITE_PAGE_SQL);

const app = new Hono();
app.get("/api/v1/refattaches", (c) => {
  if (c.req.header("Authorization") !== AUTH_HEADER) return c.json("Unauthorized", 401);
  const patNum = Number(c.req.query("PatNum"));
  if (!Number.isInteger(patNum)) return c.json("PatNum must be an integer", 400);
  const found = patient.get(patNum) as { PatStatus: number } | undefined;
  if (!found) return c.json("Patient not found", 404);
  if (found.PatStatus === DELETED) return c.json("Patient has been deleted", 400);
  return c.json((page.all(patNum, PAGE_SIZE, 0) as PageRow[]).map(toJson));
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
