import "server-only";
import type { DemoLoaded, DemoSignIn } from "@/lib/demo/seed";
import { writeDemoKeys } from "./demo-keys";

/**
 * Announces a freshly loaded demo: prints the console sign-ins and the contract API keys (their
 * only showing), and keeps the keys under the data folder so `npm run simulate` can use them.
 */
export function printSignIns(demo: DemoLoaded) {
  writeDemoKeys(demo.apiKeys);
  console.log("\nDemo loaded. Sign in with:");
  printSignInLines(demo.signIns);
  console.log("\nDemo contract API keys (client API; `npm run simulate` uses them):");
  for (const k of demo.apiKeys) {
    console.log(`  ${k.organization.padEnd(19)} contract ${k.contractId}   ${k.secret}`);
  }
  console.log("");
}

function printSignInLines(signIns: DemoSignIn[]) {
  for (const s of signIns) {
    console.log(
      `  ${s.role.padEnd(9)} ${s.email.padEnd(26)} ${s.password}${s.organization ? `   (${s.organization})` : ""}`,
    );
  }
}

/**
 * The plain line a person starting Seatkeeper waits for (the JSON log says the same to machines),
 * with the demo's sign-ins on every start while the demo is there: a password changed in the
 * console stays changed, so they are the demo's first passwords.
 */
export function printReady(url: string, demoSignIns: DemoSignIn[]) {
  console.log(`\nSeatkeeper is ready on ${url}`);
  if (demoSignIns.length === 0) return;
  console.log("Demo sign-ins (as the demo loaded them):");
  printSignInLines(demoSignIns);
  console.log("");
}
