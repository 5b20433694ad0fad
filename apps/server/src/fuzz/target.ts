// A real server process on a fresh database of one backend, for the fuzz runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestBackend } from "../testing/backends.js";
import { startServerProcess } from "../testing/process.js";
import type { FuzzTarget } from "./run.js";

export interface RunningTarget extends FuzzTarget {
  close(): Promise<void>;
}

export async function startFuzzTarget(backend: TestBackend): Promise<RunningTarget> {
  const database = await backend.create();
  const dir = mkdtempSync(join(tmpdir(), "refattaches-fuzz-"));
  try {
    // Subscriptions to 127.0.0.1 are accepted (nothing listens there: deliveries just fail).
    const server = startServerProcess(
      { DATABASE_URL: database.url, WEBHOOK_ALLOW_PRIVATE_URLS: "1" },
      { dir },
    );
    return {
      url: await server.listening,
      db: database.db,
      async close() {
        await server.stop();
        await database.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
