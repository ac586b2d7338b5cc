import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export type DemoKey = { organization: string; contractId: string; secret: string };

// The demo's contract API keys are kept in the data folder (embedded demo only) so that
// `npm run simulate` can drive the demo without anyone copying secrets around.
const file = () => path.join(env().dataDir, "demo-api-keys.json");

export function writeDemoKeys(keys: DemoKey[]) {
  fs.mkdirSync(path.dirname(file()), { recursive: true });
  fs.writeFileSync(file(), JSON.stringify(keys, null, 2), { mode: 0o600 });
}

export function readDemoKeys(): DemoKey[] {
  try {
    return JSON.parse(fs.readFileSync(file(), "utf8")) as DemoKey[];
  } catch {
    return [];
  }
}
