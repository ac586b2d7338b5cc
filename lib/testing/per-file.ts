import { afterAll } from "vitest";
import { releaseTestDb } from "./db";

// Run before every test file (vitest.config.ts `setupFiles`): the file's embedded database is
// closed when the file ends, so the next file in the same worker opens a fresh one.
afterAll(releaseTestDb);
