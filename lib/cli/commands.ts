import "server-only";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/licensing/actor";
import { passwordProblem } from "@/lib/auth/password-policy";
import { isLicensingError } from "@/lib/licensing/errors";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { accountCreateInput } from "@/lib/validation/accounts";
import { cleanName } from "@/lib/validation/text";
import { isOperatorError } from "./run";

export type CliIo = { out: (line: string) => void; err: (line: string) => void };
export type CliDeps = {
  /** Opens the database with pending migrations applied; called only once the arguments are valid. */
  openDb: () => Promise<Database>;
  io: CliIo;
};

/** Exit codes: 0 done, 1 the database or environment is unavailable, 2 bad arguments. */
export const EXIT = { ok: 0, unavailable: 1, usage: 2 } as const;

export const usage = `Usage: npm run seatkeeper -- <command> [options]

Commands:
  account create --email <email> --password <password> --role <operator|support|owner|admin> [--organization <id>] [--name <name>]
      Creates a console account. --organization (an organization id) is required for owner and admin.
  token create --name <name>
      Creates an operator token for the management API and prints its secret alone on the last line
      (the only time it is shown).
  --help
      Shows this help.

The database is DATABASE_URL (PostgreSQL) or else the embedded database in SEATKEEPER_DATA_DIR
(default ./.data); pending migrations are applied first. The embedded database cannot be used
while a Seatkeeper server holds it.`;

class UsageError extends Error {}

const tokenCreateInput = z.object({ name: cleanName("The token name", 100) });

type Command = {
  options: NonNullable<ParseArgsConfig["options"]>;
  run: (values: Record<string, string | undefined>, deps: CliDeps) => Promise<number>;
};

const commands: Record<string, Command> = {
  "account create": {
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      organization: { type: "string" },
      name: { type: "string" },
    },
    async run(values, { openDb, io }) {
      for (const required of ["email", "password", "role"]) {
        if (values[required] === undefined) throw new UsageError(`account create needs --${required}.`);
      }
      const input = valid(accountCreateInput, {
        email: values.email,
        password: values.password,
        role: values.role,
        organizationId: values.organization,
        name: values.name,
      });
      const problem = passwordProblem(input.password, input.email);
      if (problem) throw new UsageError(problem);
      const db = await openDb();
      const account = await createAccount(db, systemActor, input);
      io.out(
        `Created ${account.role} account ${account.email} (id ${account.id})` +
          (account.organizationId ? ` for organization ${account.organizationId}.` : "."),
      );
      return EXIT.ok;
    },
  },
  "token create": {
    options: { name: { type: "string" } },
    async run(values, { openDb, io }) {
      if (values.name === undefined) throw new UsageError("token create needs --name.");
      const input = valid(tokenCreateInput, { name: values.name });
      const db = await openDb();
      const { token, secret } = await createOperatorToken(db, systemActor, input.name);
      io.out(`Created operator token "${token.name}" (id ${token.id}). Its secret is shown only now:`);
      io.out(secret);
      return EXIT.ok;
    },
  },
};

// Where a zod issue path points to, as the option a person typed.
const optionFor: Record<string, string> = { organizationId: "--organization" };

function valid<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const sentences = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? "");
    return `${optionFor[field] ?? `--${field}`}: ${i.message}.`;
  });
  throw new UsageError(sentences.join(" "));
}

/** Node's parseArgs errors, reworded as one sentence about what was typed. */
function parseError(e: unknown, command: string): UsageError {
  const { code, message } = e as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(`Unknown option ${quoted} for "${command}".`);
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return new UsageError(`Unexpected argument "${quoted}" for "${command}".`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return new UsageError(`Option ${quoted?.split(" ")[0] ?? ""} needs a value.`);
  }
  return new UsageError(message);
}

/** Runs `seatkeeper <argv>`; returns the exit code. Arguments are checked before the database opens. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  try {
    if (argv.length === 0) throw new UsageError("No command given.");
    if (argv.includes("--help") || argv.includes("-h") || argv[0] === "help") {
      io.out(usage);
      return EXIT.ok;
    }
    const name = argv.slice(0, 2).join(" ");
    const command = commands[name];
    if (!command) {
      const typed = argv
        .slice(0, 2)
        .filter((a) => !a.startsWith("-"))
        .join(" ");
      throw new UsageError(typed ? `Unknown command "${typed}".` : "No command given.");
    }
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({ args: argv.slice(2), options: command.options, strict: true, allowPositionals: false })
        .values as Record<string, string | undefined>;
    } catch (e) {
      throw parseError(e, name);
    }
    return await command.run(values, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message} Run "npm run seatkeeper -- --help" to see every command.`);
      return EXIT.usage;
    }
    // A refusal about what was given (unknown organization, email already taken).
    if (isLicensingError(e)) {
      io.err(e.message);
      return EXIT.usage;
    }
    if (isOperatorError(e)) {
      io.err(e.message);
      return EXIT.unavailable;
    }
    throw e;
  }
}
