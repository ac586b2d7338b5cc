import "server-only";
import path from "node:path";
import { z } from "zod";

const wholeNumber = (name: string, what: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be ${what}`);

/** A PostgreSQL timeout in milliseconds; 0 turns it off, as in PostgreSQL. */
const milliseconds = (name: string) =>
  wholeNumber(name, "a whole number of milliseconds (0 turns the timeout off)", 0, 86_400_000);

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        "DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/seatkeeper",
      )
      .optional(),
    DATABASE_SESSION_URL: z
      .string()
      .trim()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        "DATABASE_SESSION_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/seatkeeper",
      )
      .optional(),
    SEATKEEPER_REDIS_URL: z
      .string()
      .trim()
      .regex(/^rediss?:\/\/\S+$/, "SEATKEEPER_REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379")
      .optional(),
    SEATKEEPER_DATA_DIR: z.string().trim().min(1, "SEATKEEPER_DATA_DIR must name a folder").default("./.data"),
    PORT: wholeNumber("PORT", "a port number between 1 and 65535", 1, 65535).default(3000),
    AUTH_SECRET: z
      .string()
      .min(32, "AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)")
      .optional(),
    SEATKEEPER_SIGNING_KEY: z
      .string()
      .refine(
        (v) => v.includes("PRIVATE KEY"),
        "SEATKEEPER_SIGNING_KEY must be an Ed25519 private key in PEM (PKCS#8) form",
      )
      .optional(),
    SEATKEEPER_RATE_LIMIT: wholeNumber(
      "SEATKEEPER_RATE_LIMIT",
      "a whole number of client-API requests per minute per key (0 turns the limit off)",
      0,
      10_000_000,
    ).default(6000),
    SEATKEEPER_DB_POOL: wholeNumber(
      "SEATKEEPER_DB_POOL",
      "a whole number of PostgreSQL connections between 1 and 500",
      1,
      500,
    ).default(10),
    SEATKEEPER_DB_STATEMENT_TIMEOUT_MS: milliseconds("SEATKEEPER_DB_STATEMENT_TIMEOUT_MS").default(5000),
    SEATKEEPER_DB_LOCK_TIMEOUT_MS: milliseconds("SEATKEEPER_DB_LOCK_TIMEOUT_MS").default(1000),
    SEATKEEPER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds("SEATKEEPER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS").default(
      10_000,
    ),
    SEATKEEPER_DB_CONNECT_TIMEOUT_MS: wholeNumber(
      "SEATKEEPER_DB_CONNECT_TIMEOUT_MS",
      "a whole number of milliseconds between 100 and 600000",
      100,
      600_000,
    ).default(1500),
    SEATKEEPER_LEADER_CHECK_MS: wholeNumber(
      "SEATKEEPER_LEADER_CHECK_MS",
      "a whole number of milliseconds between 200 and 600000",
      200,
      600_000,
    ).default(5000),
    SEATKEEPER_RETENTION_DAYS: wholeNumber(
      "SEATKEEPER_RETENTION_DAYS",
      "a whole number of days between 1 and 3650",
      1,
      3650,
    ).default(90),
    SEATKEEPER_SESSION_IDLE_MINUTES: wholeNumber(
      "SEATKEEPER_SESSION_IDLE_MINUTES",
      "a whole number of minutes between 1 and 43200 after which an unused console session ends",
      1,
      43_200,
    ).default(480),
    SEATKEEPER_TRUST_PROXY: z
      .enum(["true", "false"], { message: "SEATKEEPER_TRUST_PROXY must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
    SEATKEEPER_WEBHOOK_ALLOW_PRIVATE: z
      .enum(["true", "false"], { message: "SEATKEEPER_WEBHOOK_ALLOW_PRIVATE must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
    AUTH_URL: z
      .string()
      .trim()
      .regex(
        /^https?:\/\/[^\s/]+(\/\S*)?$/,
        "AUTH_URL must be the console's public URL, such as https://seatkeeper.example.com",
      )
      .optional(),
    SEATKEEPER_SMTP_URL: z
      .string()
      .trim()
      .refine(
        (v) => /^smtps?:$/.test(safeUrl(v)?.protocol ?? "") && Boolean(safeUrl(v)?.hostname),
        "SEATKEEPER_SMTP_URL must be a mail server URL such as smtp://user:password@mail.example.com:587 or smtps://…:465",
      )
      .optional(),
    SEATKEEPER_MAIL_FROM: z
      .string()
      .trim()
      .regex(
        /^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        "SEATKEEPER_MAIL_FROM must be an address such as seatkeeper@example.com or Seatkeeper <seatkeeper@example.com>",
      )
      .optional(),
    SEATKEEPER_OIDC_ISSUER: z
      .string()
      .trim()
      .regex(/^https?:\/\/\S+$/, "SEATKEEPER_OIDC_ISSUER must be the identity provider's issuer URL")
      .optional(),
    SEATKEEPER_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    SEATKEEPER_OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
    SEATKEEPER_OIDC_NAME: z
      .string()
      .trim()
      .min(1)
      .max(60, "SEATKEEPER_OIDC_NAME must be at most 60 characters")
      .optional(),
  })
  .refine(
    (e) => !e.SEATKEEPER_SMTP_URL || Boolean(e.SEATKEEPER_MAIL_FROM),
    "SEATKEEPER_MAIL_FROM must be set with SEATKEEPER_SMTP_URL: it is the sender every message names",
  )
  .refine(
    (e) =>
      [e.SEATKEEPER_OIDC_ISSUER, e.SEATKEEPER_OIDC_CLIENT_ID, e.SEATKEEPER_OIDC_CLIENT_SECRET].every(Boolean) ||
      ![e.SEATKEEPER_OIDC_ISSUER, e.SEATKEEPER_OIDC_CLIENT_ID, e.SEATKEEPER_OIDC_CLIENT_SECRET].some(Boolean),
    "SEATKEEPER_OIDC_ISSUER, SEATKEEPER_OIDC_CLIENT_ID and SEATKEEPER_OIDC_CLIENT_SECRET must be set together for single sign-on",
  );

export type Env = z.infer<typeof envSchema> & { dataDir: string; usesEmbeddedDatabase: boolean };

/** Raised when the environment is wrong; its message is a sentence naming the variable. */
export class EnvError extends Error {}

let cached: Env | undefined;

/** The environment, parsed once. Empty strings count as unset so `.env.example` works as-is. */
export function env(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape).map((k) => [k, process.env[k] === "" ? undefined : process.env[k]]),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `Configuration error: ${i.message}.`).join("\n"));
  }
  cached = {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.SEATKEEPER_DATA_DIR),
    usesEmbeddedDatabase: !parsed.data.DATABASE_URL,
  };
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvForTests() {
  cached = undefined;
}
