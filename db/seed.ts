import "server-only";
import type { Database } from "./client";

export type DemoSignIn = { role: string; email: string; password: string; organization: string | null };

/** Placeholder until the demo loader lands: loads nothing. */
export async function seedDemoIfEmpty(db: Database): Promise<DemoSignIn[] | null> {
  void db;
  return null;
}
