// The end-to-end server's console accounts for the MFA specs (e2e/mfa.spec.ts), made before the
// server starts (scripts/e2e-server.sh): one account per scenario with names unique to this run,
// and an organization of their own that requires MFA. Written to
// "$SEATKEEPER_E2E_DATA_DIR/mfa-accounts.json" for the specs.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { setMfaRequirement } from "@/lib/auth/mfa/requirement";
import { runScript } from "@/lib/cli/run";
import { systemActor } from "@/lib/licensing/actor";
import { createOrganization } from "@/lib/licensing/catalogue";

const password = "quiet-harbour-lantern-41";

void runScript(async () => {
  const dir = process.env.SEATKEEPER_E2E_DATA_DIR;
  if (!dir) throw new Error("SEATKEEPER_E2E_DATA_DIR must name the folder for this run's files.");
  const db = getDb();
  const run = Date.now().toString(36);
  const organization = await createOrganization(db, systemActor, { name: `MFA required ${run}` });
  await setMfaRequirement(db, systemActor, { kind: "organization", organizationId: organization.id }, true);
  const email = (name: string) => `${name}-${run}@mfa.e2e.test`;
  const accounts = {
    totp: email("totp"),
    recovery: email("recovery"),
    passkey: email("passkey"),
    removal: email("removal"),
    required: email("required"),
  };
  for (const [name, address] of Object.entries(accounts)) {
    await createAccount(db, systemActor, {
      email: address,
      password,
      ...(name === "required" ? { role: "owner", organizationId: organization.id } : { role: "support" }),
    });
  }
  writeFileSync(
    path.join(dir, "mfa-accounts.json"),
    JSON.stringify({ password, organizationId: organization.id, accounts }),
  );
});
