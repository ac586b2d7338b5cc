// The end-to-end run's mail server (scripts/e2e-server.sh starts it before the app): a real SMTP
// server on a free port that writes every message it receives to "$SEATKEEPER_E2E_DATA_DIR/mail"
// for the specs to read, and its port to "$SEATKEEPER_E2E_DATA_DIR/mail-port" for the app's
// SEATKEEPER_SMTP_URL. It lives as long as the server's process group.
import fs from "node:fs";
import path from "node:path";
import { startMailServer } from "@/lib/testing/mail-server";

const folder = process.env.SEATKEEPER_E2E_DATA_DIR;
if (!folder) {
  console.error("SEATKEEPER_E2E_DATA_DIR must name the folder for this run's files.");
  process.exit(2);
}
const server = await startMailServer({ folder: path.join(folder, "mail") });
fs.writeFileSync(path.join(folder, "mail-port.tmp"), String(server.port));
fs.renameSync(path.join(folder, "mail-port.tmp"), path.join(folder, "mail-port"));
