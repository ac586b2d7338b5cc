import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A data folder of its own for a spec's extra server on the embedded database: a copy of the demo
 * the suite's server was loaded with (scripts/e2e-server.sh keeps one), so the extra server starts
 * without loading the demo again. Empty when there is no copy; the server then loads the demo itself.
 */
export function seededDataFolder(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const seeded = path.join(process.env.SEATKEEPER_E2E_DATA_DIR ?? "", "seeded");
  if (process.env.SEATKEEPER_E2E_DATA_DIR && fs.existsSync(seeded)) fs.cpSync(seeded, folder, { recursive: true });
  return folder;
}
