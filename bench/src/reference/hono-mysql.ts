// Reference: the ceiling of this stack on MySQL/MariaDB. Hono + mysql2 with prepared
// statements (execute), exact-match auth, the hot path's two lookups, the same JSON.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createPool } from "mysql2/promise";
import {
  AUTH_HEADER,
  DELETED,
  PAGE_SIZE,
  PAGE_SQL,
  PATIENT_SQL,
  type PageRow,
  toJson,
} from "./hot-path.js";

const pool = createPool({
  uri: process.env.DATABASE_URL ?? "",
  connectionLimit: 10,
  dateStrings: true,
});

const app = new Hono();
app.get("/api/v1/refattaches", async (c) => {
  if (c.req.header("Authorization") !== AUTH_HEADER) return c.json("Unauthorized", 401);
  const patNum = Number(c.req.query("PatNum"));
  if (!Number.isInteger(patNum)) return c.json("PatNum must be an integer", 400);
  const [patients] = await pool.execute(PATIENT_SQL, [patNum]);
  const found = (patients as { PatStatus: number }[])[0];
  if (!found) return c.json("Patient not found", 404);
  if (found.PatStatus === DELETED) return c.json("Patient has been deleted", 400);
  const [rows] = await pool.execute(PAGE_SQL, [patNum, PAGE_SIZE, 0]);
  return c.json((rows as PageRow[]).map(toJson));
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
