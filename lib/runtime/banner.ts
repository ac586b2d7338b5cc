import "server-only";
import type { DemoLoaded } from "@/lib/demo/seed";
import { writeDemoKeys } from "./demo-keys";

/**
 * Announces a freshly loaded demo: prints the console sign-ins and the contract API keys (their
 * only showing), and keeps the keys under the data folder so `npm run simulate` can use them.
 */
export function printSignIns(demo: DemoLoaded) {
  writeDemoKeys(demo.apiKeys);
  console.log("\nDemo loaded. Sign in with:");
  for (const s of demo.signIns) {
    console.log(
      `  ${s.role.padEnd(9)} ${s.email.padEnd(26)} ${s.password}${s.organization ? `   (${s.organization})` : ""}`,
    );
  }
  console.log("\nDemo contract API keys (client API; `npm run simulate` uses them):");
  for (const k of demo.apiKeys) {
    console.log(`  ${k.organization.padEnd(19)} contract ${k.contractId}   ${k.secret}`);
  }
  console.log("");
}
