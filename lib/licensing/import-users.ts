import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { modules, profiles, users } from "@/db/schema";
import type { Database, Executor, Tx } from "@/db/client";
import { usernameInput } from "@/lib/validation/licensing";
import { cleanName, foldUsername, storableText } from "@/lib/validation/text";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { seatsByModule } from "./holdings/named-seats";
import { transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { changeSeatsChecked } from "./seat-check";
import { poolUsages } from "./usage";

/** One row of an import file as written (strings; empty cells are defaults). `line` is the file's line number. */
export type ImportRowInput = {
  line: number;
  username?: string;
  email?: string;
  profile?: string;
  status?: string;
  credentials?: string;
  validTo?: string;
};

export type ImportRowReport = { line: number; username: string; ok: boolean; errors: string[] };
export type ImportImpact = { module: string; moduleName: string; needed: number; available: number; ok: boolean };
export type ImportCheck = { rows: ImportRowReport[]; impact: ImportImpact[]; validRows: number; canImport: boolean };

/** At most this many rows per file: one transaction stays short. */
export const IMPORT_MAX_ROWS = 5000;

const blank = (v: string | undefined) => (v ?? "").trim();
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const rowSchema = z.object({
  username: z.string().min(1, "The username is missing").pipe(usernameInput),
  email: z
    .string()
    .min(1, "The email is missing")
    .pipe(cleanName("The email", 254))
    .pipe(z.email("The email is not a valid address")),
  status: optional(z.enum(["active", "inactive"], { message: "The status must be active or inactive" })),
  credentials: optional(
    z.enum(["issued", "none", "revoked"], { message: "Credentials must be issued, none or revoked" }),
  ),
  validTo: optional(z.iso.date({ message: "validTo must be a date written YYYY-MM-DD" })),
});

type Resolved = { line: number; username: string; errors: string[]; values: typeof users.$inferInsert | null };

/**
 * Checks every row against the organization: field formats (clean text, rule 23), the profile by
 * name, usernames repeated in the file or already taken (by their folded key, as the unique index
 * compares them).
 */
async function resolveRows(ex: Executor, organizationId: string, rows: ImportRowInput[]): Promise<Resolved[]> {
  const profileRows = await ex
    .select({ id: profiles.id, name: profiles.name })
    .from(profiles)
    .where(eq(profiles.organizationId, organizationId));
  const profileByName = new Map(profileRows.map((p) => [p.name.toLowerCase(), p.id]));
  const parsedRows = rows.map((row) => {
    // Only a clean username has a key (and reaches the database): an unclean one is this row's error.
    const username = usernameInput.safeParse(row.username ?? "");
    return {
      row,
      parsed: rowSchema.safeParse({ ...row, username: blank(row.username), email: blank(row.email) }),
      key: username.success ? foldUsername(username.data) : "",
    };
  });
  const keys = [...new Set(parsedRows.map((r) => r.key).filter(Boolean))];
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const found = await ex
      .select({ key: users.usernameKey })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), inArray(users.usernameKey, keys.slice(i, i + 1000))));
    for (const f of found) taken.add(f.key);
  }
  const firstLine = new Map<string, number>();

  return parsedRows.map(({ row, parsed, key }) => {
    const errors: string[] = [];
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push(issue.message);
    const username = storableText(blank(row.username), 100) ?? "";
    if (key) {
      const seen = firstLine.get(key);
      if (seen !== undefined) errors.push(`The username "${username}" is already on line ${seen} of this file`);
      else firstLine.set(key, row.line);
      if (taken.has(key)) errors.push(`The username "${username}" is already taken in this organization`);
    }
    const profileName = blank(row.profile);
    const profileId = profileName ? profileByName.get(profileName.toLowerCase()) : null;
    if (profileId === undefined) errors.push(`There is no profile named "${profileName}"`);
    if (errors.length || !parsed.success) return { line: row.line, username, errors, values: null };
    const v = parsed.data;
    return {
      line: row.line,
      username,
      errors,
      values: {
        id: crypto.randomUUID(),
        organizationId,
        username: v.username,
        usernameKey: key,
        email: v.email,
        profileId: profileId ?? null,
        status: v.status ?? "active",
        credentials: v.credentials ?? "none",
        validTo: v.validTo ?? null,
      },
    };
  });
}

const report = (r: Resolved): ImportRowReport => ({
  line: r.line,
  username: r.username,
  ok: r.errors.length === 0,
  errors: r.errors,
});

async function insertAll(tx: Tx, values: (typeof users.$inferInsert)[]) {
  let inserted = 0;
  for (let i = 0; i < values.length; i += 500) {
    const created = await tx
      .insert(users)
      .values(values.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: users.id });
    inserted += created.length;
  }
  // A racing create took one of the names between the check and the insert.
  if (inserted !== values.length)
    throw new LicensingError(
      "USERNAME_TAKEN",
      "Some of these usernames were taken meanwhile; nothing was imported. Check the file again.",
    );
}

// Thrown to roll back the dry run of checkImport, carrying its result out of the transaction.
class DryRun extends Error {
  constructor(readonly impact: ImportImpact[]) {
    super("dry run");
  }
}

function assertRowCount(rows: ImportRowInput[]) {
  if (rows.length === 0) throw new LicensingError("INVALID", "The file has no user rows.");
  if (rows.length > IMPORT_MAX_ROWS)
    throw new LicensingError(
      "INVALID",
      `The file has ${rows.length} rows; import at most ${IMPORT_MAX_ROWS} at a time.`,
    );
}

/**
 * The report shown before an import writes anything: each row ok or its errors, and the licence
 * impact of the valid rows per named pool (needed against available). The seats are counted by
 * inserting the rows in a transaction that is always rolled back, so the count is rule 1 itself.
 */
export async function checkImport(db: Database, organizationId: string, rows: ImportRowInput[]): Promise<ImportCheck> {
  assertRowCount(rows);
  let resolved: Resolved[] = [];
  let impact: ImportImpact[] = [];
  try {
    await db.transaction(async (tx) => {
      resolved = await resolveRows(tx, organizationId, rows);
      const values = resolved.flatMap((r) => (r.values ? [r.values] : []));
      const pools = (await poolUsages(tx, { organizationId })).filter(
        (p) => p.model === "named" && p.contractStatus === "active",
      );
      if (values.length === 0 || pools.length === 0) throw new DryRun([]);
      await insertAll(tx, values);
      const ids = values.map((v) => v.id!);
      const needed = await seatsByModule(tx, organizationId, undefined, inArray(users.id, ids));
      const moduleIds = await moduleIdsByKey(
        tx,
        pools.map((p) => p.module),
      );
      throw new DryRun(
        pools
          .map((p) => ({
            module: p.module,
            moduleName: p.moduleName,
            needed: needed.get(moduleIds.get(p.module) ?? "") ?? 0,
            available: p.available,
          }))
          .filter((m) => m.needed > 0)
          .map((m) => ({ ...m, ok: m.needed <= m.available })),
      );
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
    impact = e.impact;
  }
  const reports = resolved.map(report);
  const validRows = reports.filter((r) => r.ok).length;
  return { rows: reports, impact, validRows, canImport: validRows === reports.length && impact.every((m) => m.ok) };
}

async function moduleIdsByKey(tx: Tx, keys: string[]) {
  const rows = await tx.select({ id: modules.id, key: modules.key }).from(modules).where(inArray(modules.key, keys));
  return new Map(rows.map((m) => [m.key, m.id]));
}

/**
 * Creates every user of the file in one transaction, or none: a row with an error refuses the
 * whole file (INVALID, with the row report in details.rows), and so does a shortage of seats
 * (INSUFFICIENT_LICENSES, rule 2, the same check as createUser).
 */
export async function importUsers(db: Database, actor: Actor, organizationId: string, rows: ImportRowInput[]) {
  assertRowCount(rows);
  return transactRecordingDenials(db, actor, async (tx) => {
    const resolved = await resolveRows(tx, organizationId, rows);
    const bad = resolved.filter((r) => r.errors.length);
    if (bad.length) {
      throw new LicensingError("INVALID", `${bad.length} of ${rows.length} rows have errors; nothing was imported.`, {
        rows: resolved.map(report),
      });
    }
    const values = resolved.map((r) => r.values!);
    const ids = values.map((v) => v.id!);
    await changeSeatsChecked(tx, organizationId, inArray(users.id, ids), () => insertAll(tx, values));
    await recordAudit(tx, actor, {
      organizationId,
      action: "user.import",
      targetType: "user",
      targetId: null,
      // Every created user with what decides their named seats: the webhook feed tells the seats granted.
      after: {
        created: values.length,
        users: values.map((v) => ({
          id: v.id,
          username: v.username,
          profileId: v.profileId,
          status: v.status,
          credentials: v.credentials,
          validTo: v.validTo,
        })),
      },
    });
    return { created: values.length };
  });
}
