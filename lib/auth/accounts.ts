import "server-only";
import { eq, sql } from "drizzle-orm";
import { consoleAccounts, organizations } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError } from "@/lib/licensing/errors";
import type { AccountCreateInput } from "@/lib/validation/accounts";
import { passwordProblem } from "./password-policy";
import { hashPassword } from "./passwords";

/** Creates a console account. The password must pass the policy and is stored only as an argon2id hash. */
export async function createAccount(db: Database, actor: Actor, input: AccountCreateInput) {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new LicensingError("INVALID", problem);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (input.organizationId) {
      const [org] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, input.organizationId));
      if (!org) throw new LicensingError("NOT_FOUND", `No organization has the id ${input.organizationId}.`);
    }
    const [taken] = await tx
      .select({ id: consoleAccounts.id })
      .from(consoleAccounts)
      .where(sql`lower(${consoleAccounts.email}) = ${input.email.toLowerCase()}`);
    if (taken) throw new LicensingError("CONFLICT", `A console account with the email ${input.email} already exists.`);
    const [account] = await tx
      .insert(consoleAccounts)
      .values({
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        role: input.role,
        organizationId: input.organizationId ?? null,
      })
      .returning({
        id: consoleAccounts.id,
        email: consoleAccounts.email,
        role: consoleAccounts.role,
        organizationId: consoleAccounts.organizationId,
      });
    await recordAudit(tx, actor, {
      organizationId: account!.organizationId,
      action: "account.create",
      targetType: "console_account",
      targetId: account!.id,
      after: { email: account!.email, role: account!.role },
    });
    return account!;
  });
}
