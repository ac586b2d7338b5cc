import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const skipped = new Set(["node_modules", ".next", ".git", "e2e", "test-results", "playwright-report"]);

/** Every `*.test.ts` of the repository (workspace packages included), as paths from the root. */
function testFiles(dir = root): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith(".test.ts") ? [path.relative(root, full)] : [];
  });
}

// A test file that imports the test database helper (lib/testing/db) is a database test: it runs
// once per database (PGlite, and PostgreSQL with DATABASE_URL: `--project db`). Every other test
// file is a unit test and runs once. New files sort themselves by what they import.
const usesDatabase = (file: string) =>
  /["']@\/lib\/testing\/db["']/.test(fs.readFileSync(path.join(root, file), "utf8"));
const files = testFiles();

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // The repository tests the SDK's source; its package test packs and imports the built files.
      "@seatkeeper/client": path.resolve(root, "packages/client/src/index.ts"),
      "server-only": path.resolve(root, "lib/testing/server-only-noop.ts"),
    },
  },
  test: {
    // Worker threads that keep their modules from one test file to the next (`isolate: false`),
    // not a child process with a fresh module graph per file: measured on the embedded database,
    // the whole suite took 230 s of CPU with threads and isolation, 86 s without (14 database files
    // alone with child processes: 53 s). Each file still gets a fresh database of its own
    // (lib/testing/per-file.ts), and makes its own organizations as before.
    pool: "threads",
    isolate: false,
    setupFiles: ["lib/testing/per-file.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: files.filter((f) => !usesDatabase(f)) } },
      {
        extends: true,
        test: {
          name: "db",
          include: files.filter(usesDatabase),
          globalSetup: ["lib/testing/global-setup.ts"],
        },
      },
    ],
  },
});
