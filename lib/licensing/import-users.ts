import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { modules, profiles, users } from "@/db/schema";
import type { Database, Executor, Tx } from "@/db/client";
import { newUsernameInput, usernameInput } from "@/lib/validation/licensing";
import { cleanName, foldUsername, storableText } from "@/lib/validation/text";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { seatModulesByUser } from "./holdings/named-seats";
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
  /** The manager's username: a user of the organization, or of another row of the file. */
  manager?: string;
};

/** The cells of a row as written, kept so the rows that were not imported can be handed back as a file. */
export type ImportCells = Omit<ImportRowInput, "line">;
export type ImportRowReport = { line: number; username: string; ok: boolean; errors: string[]; cells: ImportCells };
export type ImportImpact = { module: string; moduleName: string; needed: number; available: number; ok: boolean };
/** `validRows` are the rows an import would create now; the others are skipped with their errors. */
export type ImportCheck = { rows: ImportRowReport[]; impact: ImportImpact[]; validRows: number; canImport: boolean };
export type ImportResult = { created: number; skipped: ImportRowReport[] };

/** At most this many rows per file: one transaction stays short. */
export const IMPORT_MAX_ROWS = 5000;

const blank = (v: string | undefined) => (v ?? "").trim();
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const rowSchema = z.object({
  username: z.string().min(1, "The username is missing").pipe(newUsernameInput),
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

type Resolved = {
  row: ImportRowInput;
  /** The id the row's user gets (kept when the row is refused, so rows it manages can name it). */
  rowId: string;
  username: string;
  errors: string[];
  values: typeof users.$inferInsert | null;
  /** The row is well formed but there is no seat left for it: the user it would have created. */
  short?: typeof users.$inferInsert;
};

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

  const resolved: Resolved[] = parsedRows.map(({ row, parsed, key }) => {
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
    const rowId = crypto.randomUUID();
    if (errors.length || !parsed.success) return { row, rowId, username, errors, values: null };
    const v = parsed.data;
    return {
      row,
      rowId,
      username,
      errors,
      values: {
        id: rowId,
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
  await resolveManagers(ex, organizationId, resolved);
  return resolved;
}

/**
 * The `manager` column: the username of a user of the organization or of another row of the file
 * (that row must be imported too). A row managing itself, or rows whose managers come back round
 * to them, are refused with the reason; a row whose manager row is refused is refused too.
 */
async function resolveManagers(ex: Executor, organizationId: string, resolved: Resolved[]) {
  const named = resolved.filter((r) => blank(r.row.manager) !== "");
  if (named.length === 0) return;
  const keyOf = (name: string) => foldUsername(name);
  const keys = [...new Set(named.map((r) => keyOf(blank(r.row.manager))))];
  const existing = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const found = await ex
      .select({ id: users.id, key: users.usernameKey })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), inArray(users.usernameKey, keys.slice(i, i + 1000))));
    for (const f of found) existing.set(f.key, f.id);
  }
  const rowByKey = new Map<string, Resolved>();
  for (const r of resolved) if (r.values && !rowByKey.has(r.values.usernameKey)) rowByKey.set(r.values.usernameKey, r);
  const refuse = (r: Resolved, error: string) => {
    r.errors.push(error);
    r.values = null;
  };
  for (const r of named) {
    if (!r.values) continue;
    const name = blank(r.row.manager);
    const key = keyOf(name);
    if (key === r.values.usernameKey) refuse(r, "A user can't be their own manager");
    else if (existing.has(key)) r.values.managerId = existing.get(key)!;
    else if (rowByKey.has(key)) r.values.managerId = rowByKey.get(key)!.rowId;
    else refuse(r, `There is no user named "${name}" in this organization or this file to be the manager`);
  }
  // Rows managed through other rows of the file: a chain that comes back round is a cycle, and a
  // row whose manager row is refused can't be imported either (repeated until nothing changes).
  const rowById = new Map(resolved.map((r) => [r.rowId, r]));
  for (const r of named) {
    if (!r.values) continue;
    const seen = new Set<string>([r.rowId]);
    let below = r;
    let up = r.values.managerId ? rowById.get(r.values.managerId) : undefined;
    while (up?.values) {
      if (seen.has(up.rowId)) {
        refuse(r, `The managers of this row and line ${below.row.line} come back round to it (a cycle)`);
        break;
      }
      seen.add(up.rowId);
      below = up;
      up = up.values.managerId ? rowById.get(up.values.managerId) : undefined;
    }
  }
  dropRowsWithRefusedManagers(resolved);
}

/** Refuses the rows whose manager is another row that is not imported, until none is left. */
function dropRowsWithRefusedManagers(resolved: Resolved[]) {
  const byId = new Map(resolved.map((r) => [r.rowId, r]));
  for (let changed = true; changed;) {
    changed = false;
    for (const r of resolved) {
      const managerRow = r.values?.managerId ? byId.get(r.values.managerId) : undefined;
      if (r.values && managerRow && !managerRow.values) {
        r.errors.push(`The manager "${blank(r.row.manager)}" on line ${managerRow.row.line} is not imported`);
        r.values = null;
        changed = true;
      }
    }
  }
}

const report = ({ row: { line, ...cells }, username, errors }: Resolved): ImportRowReport => ({
  line,
  username,
  ok: errors.length === 0,
  errors,
  cells,
});

/** The rows ordered so that a row's manager from the file comes before it (the foreign key holds per batch). */
function managersFirst(values: (typeof users.$inferInsert)[]) {
  const byId = new Map(values.map((v) => [v.id!, v]));
  const ordered: (typeof users.$inferInsert)[] = [];
  const placed = new Set<string>();
  const place = (v: typeof users.$inferInsert) => {
    if (placed.has(v.id!)) return;
    placed.add(v.id!);
    const manager = v.managerId ? byId.get(v.managerId) : undefined;
    if (manager) place(manager);
    ordered.push(v);
  };
  for (const v of values) place(v);
  return ordered;
}

async function insertAll(tx: Tx, unordered: (typeof users.$inferInsert)[]) {
  const values = managersFirst(unordered);
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

// Thrown to roll back the dry run of planImport, carrying its result out of the savepoint.
class DryRun extends Error {
  constructor(readonly seats: Map<string, string[]>) {
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

/** The modules each well-formed row would hold a seat in: the rows are inserted in a savepoint that
 * is always rolled back, so the count is rule 1 itself. */
async function seatsOfRows(tx: Tx, organizationId: string, values: (typeof users.$inferInsert)[]) {
  try {
    await tx.transaction(async (savepoint) => {
      await insertAll(savepoint, values);
      throw new DryRun(
        await seatModulesByUser(
          savepoint,
          organizationId,
          values.map((v) => v.id!),
        ),
      );
    });
  } catch (e) {
    if (e instanceof DryRun) return e.seats;
    throw e;
  }
  return new Map<string, string[]>();
}

const shortSentence = (moduleName: string, available: number) =>
  available === 0
    ? `Not enough ${moduleName} licences: none is available`
    : `Not enough ${moduleName} licences: the ${available} available go to the rows above`;

/**
 * Decides each row: its errors, or the user it creates. The seats of the named pools in force go to
 * the well-formed rows in file order; a row needing a seat where none is left is not created and
 * says why. `impact` is every well-formed row's need per module against what is available.
 */
async function planImport(tx: Tx, organizationId: string, rows: ImportRowInput[]) {
  const resolved = await resolveRows(tx, organizationId, rows);
  const values = resolved.flatMap((r) => (r.values ? [r.values] : []));
  const pools = (await poolUsages(tx, { organizationId })).filter(
    (p) => p.model === "named" && p.contractStatus === "active",
  );
  if (values.length === 0 || pools.length === 0) return { resolved, impact: [] };
  const seats = await seatsOfRows(tx, organizationId, values);
  const moduleIds = await moduleIdsByKey(
    tx,
    pools.map((p) => p.module),
  );
  const left = new Map(pools.map((p) => [moduleIds.get(p.module) ?? "", { ...p, left: p.available, needed: 0 }]));
  for (const r of resolved) {
    if (!r.values) continue;
    const needs = (seats.get(r.values.id!) ?? []).flatMap((m) => left.get(m) ?? []);
    for (const pool of needs) pool.needed += 1;
    const short = needs.filter((pool) => pool.left < 1);
    if (short.length) {
      r.errors.push(...short.map((pool) => shortSentence(pool.moduleName, pool.available)));
      r.short = r.values;
      r.values = null;
    } else for (const pool of needs) pool.left -= 1;
  }
  // A row short of seats is not created: the rows it would have managed can't be either.
  dropRowsWithRefusedManagers(resolved);
  const impact = [...left.values()]
    .filter((p) => p.needed > 0)
    .map((p) => ({
      module: p.module,
      moduleName: p.moduleName,
      needed: p.needed,
      available: p.available,
      ok: p.needed <= p.available,
    }));
  return { resolved, impact };
}

/**
 * The report shown before an import writes anything: each row ok or its errors (a row past the
 * seats left counts as one), and the licence impact of the well-formed rows per named pool.
 */
export async function checkImport(db: Database, organizationId: string, rows: ImportRowInput[]): Promise<ImportCheck> {
  assertRowCount(rows);
  const { resolved, impact } = await db.transaction((tx) => planImport(tx, organizationId, rows));
  const reports = resolved.map(report);
  const validRows = reports.filter((r) => r.ok).length;
  return { rows: reports, impact, validRows, canImport: validRows > 0 };
}

async function moduleIdsByKey(tx: Tx, keys: string[]) {
  const rows = await tx.select({ id: modules.id, key: modules.key }).from(modules).where(inArray(modules.key, keys));
  return new Map(rows.map((m) => [m.key, m.id]));
}

/**
 * Creates the users of the rows that can be created, in one transaction, and skips the others
 * (returned with their errors, so they can be fixed and imported again). The seats are checked as
 * createUser checks them (rule 2): a change meanwhile that leaves too few refuses the whole import.
 * A file none of whose rows can be created is refused: INSUFFICIENT_LICENSES when seats are all
 * that is missing (recorded as a denial, like any shortage), else INVALID with the row report.
 */
export async function importUsers(
  db: Database,
  actor: Actor,
  organizationId: string,
  rows: ImportRowInput[],
): Promise<ImportResult> {
  assertRowCount(rows);
  return transactRecordingDenials(db, actor, async (tx) => {
    const { resolved } = await planImport(tx, organizationId, rows);
    const values = resolved.flatMap((r) => (r.values ? [r.values] : []));
    const skipped = resolved.filter((r) => !r.values);
    if (values.length === 0) {
      const short = skipped.flatMap((r) => (r.short ? [r.short] : []));
      // Seats are all that is missing: the seat check refuses them with its shortage and denial.
      if (short.length === skipped.length) values.push(...short);
      else
        throw new LicensingError("INVALID", `None of the ${rows.length} rows can be imported; nothing was imported.`, {
          rows: resolved.map(report),
        });
    }
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
        skipped: skipped.length,
        users: values.map((v) => ({
          id: v.id!,
          username: v.username,
          profileId: v.profileId,
          status: v.status,
          credentials: v.credentials,
          validTo: v.validTo,
          managerId: v.managerId ?? null,
        })),
      },
    });
    return { created: values.length, skipped: skipped.map(report) };
  });
}
