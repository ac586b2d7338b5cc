import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { consoleAccounts, organizations } from "@/db/schema";
import { authenticateToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { runCli, usage } from "./commands";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let opened = false;
  const code = await runCli(argv, {
    openDb: async () => {
      opened = true;
      return db;
    },
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
  });
  return { code, out, err, opened };
}

describe("seatkeeper CLI", () => {
  it("lists every command with --help", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    expect(r.out.join("\n")).toContain("account create");
    expect(r.out.join("\n")).toContain("token create");
    expect(r.out.join("\n")).toContain("--help");
  });

  it("creates an operator account", async () => {
    const email = `${unique("op")}@cli.test`;
    const r = await cli("account", "create", "--email", email, "--password", "correct-horse-1", "--role", "operator");
    expect(r.code).toBe(0);
    const [account] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(account?.role).toBe("operator");
    expect(account?.passwordHash).not.toContain("correct-horse-1");
  });

  it("creates an owner of an organization given by id", async () => {
    const [org] = await db
      .insert(organizations)
      .values({ name: unique("Org"), siteId: unique("site") })
      .returning();
    const email = `${unique("owner")}@cli.test`;
    const r = await cli(
      "account",
      "create",
      "--email",
      email,
      "--password",
      "correct-horse-1",
      "--role",
      "owner",
      "--organization",
      org!.id,
    );
    expect(r.code).toBe(0);
    const [account] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(account?.organizationId).toBe(org!.id);
  });

  it("refuses an owner without --organization, before opening the database", async () => {
    const r = await cli(
      "account",
      "create",
      "--email",
      "o@cli.test",
      "--password",
      "correct-horse-1",
      "--role",
      "owner",
    );
    expect(r.code).toBe(2);
    expect(r.opened).toBe(false);
    expect(r.err.join(" ")).toMatch(/--organization: Owners and admins belong to one organization/);
  });

  it("refuses unclean text (control, invisible and bidi characters) with exit 2 and a sentence naming the option", async () => {
    const cases = [
      [
        ["token", "create", "--name", "ci\u200btoken"],
        /--name: The token name contains an invisible or control character \(U\+200B\)/,
      ],
      [["token", "create", "--name", "evil\u202etxt"], /--name: .*U\+202E/],
      [
        [
          "account",
          "create",
          "--email",
          "a@cli.test",
          "--password",
          "correct-horse-1",
          "--role",
          "operator",
          "--name",
          "Ann\u0007",
        ],
        /--name: The name contains an invisible or control character \(U\+0007\)/,
      ],
      [
        ["account", "create", "--email", "a\ufeff@cli.test", "--password", "correct-horse-1", "--role", "operator"],
        /--email: .*U\+FEFF/,
      ],
    ] as const;
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err.join(" ")).toMatch(message);
      expect(r.opened).toBe(false);
    }
  });

  it("refuses an unknown role, a missing option, an unknown option and an unknown command with exit 2", async () => {
    const cases = [
      [
        ["account", "create", "--email", "r@cli.test", "--password", "correct-horse-1", "--role", "king"],
        /--role: The role must be/,
      ],
      [["account", "create", "--email", "r@cli.test", "--role", "operator"], /needs --password/],
      [["token", "create", "--name", "x", "--colour", "red"], /Unknown option --colour/],
      [["token", "create", "--name"], /Option --name needs a value/],
      [["token", "burn"], /Unknown command "token burn"/],
      [[], /No command given/],
    ] as const;
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err.join(" ")).toMatch(message);
      expect(r.opened).toBe(false);
    }
  });

  it("refuses a password of spaces, a short one, the email itself and a common one, opening no database", async () => {
    const email = `${unique("pw")}@cli.test`;
    const cases = [
      [" ".repeat(14), /must not be only spaces/],
      ["short-pw-1", /at least 12 characters/],
      [email, /must not be the account's email/],
      ["password1234", /too common or easy to guess/],
      ["qwertyuiop123", /too common or easy to guess/],
    ] as const;
    for (const [password, message] of cases) {
      const r = await cli("account", "create", "--email", email, "--password", password, "--role", "operator");
      expect(r.code, password).toBe(2);
      expect(r.err.join(" ")).toMatch(message);
      expect(r.opened).toBe(false);
    }
    const [account] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(account).toBeUndefined();
  });

  it("stores the password as an argon2id hash", async () => {
    const email = `${unique("argon")}@cli.test`;
    expect(
      (await cli("account", "create", "--email", email, "--password", "correct-horse-1", "--role", "support")).code,
    ).toBe(0);
    const [account] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(account?.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
  });

  it("refuses an organization id that does not exist and an email already taken", async () => {
    const missing = await cli(
      "account",
      "create",
      "--email",
      `${unique("a")}@cli.test`,
      "--password",
      "correct-horse-1",
      "--role",
      "admin",
      "--organization",
      "00000000-0000-4000-8000-000000000000",
    );
    expect(missing.code).toBe(2);
    expect(missing.err.join(" ")).toMatch(/No organization has the id/);

    const email = `${unique("dup")}@cli.test`;
    expect(
      (await cli("account", "create", "--email", email, "--password", "correct-horse-1", "--role", "support")).code,
    ).toBe(0);
    const again = await cli(
      "account",
      "create",
      "--email",
      email.toUpperCase(),
      "--password",
      "correct-horse-1",
      "--role",
      "support",
    );
    expect(again.code).toBe(2);
    expect(again.err.join(" ")).toMatch(/already exists/);
  });

  it("creates an operator token and prints its secret alone on the last line", async () => {
    const name = unique("bot");
    const r = await cli("token", "create", "--name", name);
    expect(r.code).toBe(0);
    const secret = r.out.at(-1)!;
    expect(secret).toMatch(/^\S+$/);
    const actor = await authenticateToken(db, secret);
    expect(actor).toMatchObject({ type: "token", kind: "operator", label: `token:${name}` });
    const [audit] = await db
      .execute(sql`select 1 from audit_events where action = 'token.create' and after->>'name' = ${name}`)
      .then((res) => (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows));
    expect(audit).toBeDefined();
  });
});

describe("the real seatkeeper command", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const run = (args: string[], env: Record<string, string> = {}) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    return spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["--import", "./scripts/register.mjs", "scripts/cli.ts", ...args],
      {
        cwd: root,
        env: childEnv,
        encoding: "utf8",
      },
    );
  };

  it("prints the help and exits 0", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${usage}\n`);
  });

  it("exits 2 with a sentence on stderr for a bad argument", () => {
    const r = run(["account", "create", "--email", "nobody", "--password", "x", "--role", "operator"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--email: Enter a valid email address\./);
    expect(r.stdout).toBe("");
  });

  it("refuses an embedded database folder held by a running server, and exits 1", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-cli-busy-"));
    // This test process stands in for the server: it is alive and named in the lock file.
    fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(process.pid));
    const r = run(["token", "create", "--name", "x"], { SEATKEEPER_DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`is in use by process ${process.pid}`);
    expect(fs.readFileSync(path.join(dataDir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    expect(fs.readdirSync(path.join(dataDir, "pglite"))).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
