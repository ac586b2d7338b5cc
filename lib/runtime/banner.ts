import type { DemoSignIn } from "@/db/seed";

export function printSignIns(signIns: DemoSignIn[]) {
  console.log("\nDemo loaded. Sign in with:");
  for (const s of signIns) {
    console.log(`  ${s.role.padEnd(9)} ${s.email.padEnd(34)} ${s.password}${s.organization ? `   (${s.organization})` : ""}`);
  }
  console.log("");
}
