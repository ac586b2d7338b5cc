import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { closeDb, openMemoryDb } from "@/db/client";
import { migrateDatabase, migrateEmbedded } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated embedded database's data folder (a tar file), loaded by every PGlite test file. */
    pgliteSnapshot: string;
  }
}

/**
 * Migrates once for the whole run. On PostgreSQL the suite shares one database. On PGlite each
 * test file still gets a fresh database of its own, but loaded from a migrated snapshot made
 * here: booting an empty PGlite and applying every migration costs seconds per file.
 */
export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    await migrateDatabase();
    await closeDb();
    project.provide("pgliteSnapshot", "");
    return;
  }
  const { db, snapshot: dump } = openMemoryDb();
  await migrateEmbedded(db);
  const snapshot = await dump();
  await closeDb();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-pglite-snapshot-"));
  const file = path.join(folder, "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => fs.rmSync(folder, { recursive: true, force: true });
}
