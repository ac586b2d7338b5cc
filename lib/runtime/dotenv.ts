import "server-only";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/**
 * Reads `.env` from the working directory, if there is one, before the environment is parsed, so
 * the server and every script see the same configuration. Variables already set win.
 */
export function loadDotEnv(file = path.join(process.cwd(), ".env")) {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return;
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
}
