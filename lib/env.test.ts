import { afterEach, describe, expect, it } from "vitest";
import { env, EnvError, resetEnvForTests } from "./env";

const names = [
  "DATABASE_URL",
  "SEATKEEPER_DATA_DIR",
  "PORT",
  "AUTH_SECRET",
  "SEATKEEPER_SIGNING_KEY",
  "SEATKEEPER_RATE_LIMIT",
  "SEATKEEPER_DB_POOL",
  "DATABASE_SESSION_URL",
  "SEATKEEPER_DB_STATEMENT_TIMEOUT_MS",
  "SEATKEEPER_DB_LOCK_TIMEOUT_MS",
  "SEATKEEPER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS",
  "SEATKEEPER_DB_CONNECT_TIMEOUT_MS",
  "SEATKEEPER_LEADER_CHECK_MS",
  "SEATKEEPER_RETENTION_DAYS",
  "SEATKEEPER_SESSION_IDLE_MINUTES",
  "SEATKEEPER_TRUST_PROXY",
  "SEATKEEPER_WEBHOOK_ALLOW_PRIVATE",
  "AUTH_URL",
  "SEATKEEPER_OIDC_ISSUER",
  "SEATKEEPER_OIDC_CLIENT_ID",
  "SEATKEEPER_OIDC_CLIENT_SECRET",
  "SEATKEEPER_OIDC_NAME",
  "SEATKEEPER_SMTP_URL",
  "SEATKEEPER_MAIL_FROM",
];
const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));

/** The environment parsed from exactly these variables (the others unset). */
function parse(vars: Record<string, string>) {
  for (const n of names) delete process.env[n];
  Object.assign(process.env, vars);
  resetEnvForTests();
  return env();
}

afterEach(() => {
  for (const n of names) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
  resetEnvForTests();
});

describe("environment", () => {
  it("reads the sign-in settings, with an 8-hour idle timeout by default", () => {
    expect(parse({})).toMatchObject({ SEATKEEPER_SESSION_IDLE_MINUTES: 480, SEATKEEPER_TRUST_PROXY: false });
    expect(
      parse({
        SEATKEEPER_SESSION_IDLE_MINUTES: "30",
        SEATKEEPER_TRUST_PROXY: "true",
        AUTH_URL: "https://seatkeeper.example.com",
        SEATKEEPER_OIDC_ISSUER: "https://id.example.com",
        SEATKEEPER_OIDC_CLIENT_ID: "seatkeeper",
        SEATKEEPER_OIDC_CLIENT_SECRET: "secret",
      }),
    ).toMatchObject({ SEATKEEPER_SESSION_IDLE_MINUTES: 30, SEATKEEPER_TRUST_PROXY: true });
  });

  it.each([
    [{ SEATKEEPER_SESSION_IDLE_MINUTES: "0" }, /SEATKEEPER_SESSION_IDLE_MINUTES must be/],
    [{ SEATKEEPER_SESSION_IDLE_MINUTES: "8h" }, /SEATKEEPER_SESSION_IDLE_MINUTES must be/],
    [{ SEATKEEPER_TRUST_PROXY: "yes" }, /SEATKEEPER_TRUST_PROXY must be true or false/],
    [{ SEATKEEPER_WEBHOOK_ALLOW_PRIVATE: "1" }, /SEATKEEPER_WEBHOOK_ALLOW_PRIVATE must be true or false/],
    [{ AUTH_URL: "seatkeeper.example.com" }, /AUTH_URL must be the console's public URL/],
    [{ SEATKEEPER_OIDC_ISSUER: "id.example.com" }, /SEATKEEPER_OIDC_ISSUER must be/],
    [{ SEATKEEPER_OIDC_ISSUER: "https://id.example.com" }, /must be set together for single sign-on/],
  ])("stops start-up on %j with a sentence naming the variable", (vars, message) => {
    expect(() => parse(vars)).toThrow(EnvError);
    expect(() => parse(vars)).toThrow(message);
  });

  it("uses the defaults for unset and empty variables, as .env.example leaves them", () => {
    const e = parse({ PORT: "", SEATKEEPER_RATE_LIMIT: "", SEATKEEPER_DB_POOL: "", DATABASE_URL: "" });
    expect(e).toMatchObject({
      PORT: 3000,
      SEATKEEPER_RATE_LIMIT: 6000,
      SEATKEEPER_DB_POOL: 10,
      usesEmbeddedDatabase: true,
    });
    expect(e.dataDir).toMatch(/\.data$/);
  });

  it("has timeouts, a leader check and a retention by default, and reads 0 as a timeout turned off", () => {
    expect(parse({})).toMatchObject({
      SEATKEEPER_DB_STATEMENT_TIMEOUT_MS: 5000,
      SEATKEEPER_DB_LOCK_TIMEOUT_MS: 1000,
      SEATKEEPER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 10_000,
      SEATKEEPER_DB_CONNECT_TIMEOUT_MS: 1500,
      SEATKEEPER_LEADER_CHECK_MS: 5000,
      SEATKEEPER_RETENTION_DAYS: 90,
    });
    expect(parse({ SEATKEEPER_DB_STATEMENT_TIMEOUT_MS: "0", SEATKEEPER_RETENTION_DAYS: "30" })).toMatchObject({
      SEATKEEPER_DB_STATEMENT_TIMEOUT_MS: 0,
      SEATKEEPER_RETENTION_DAYS: 30,
    });
  });

  it("reads the values it is given", () => {
    const e = parse({
      PORT: "8080",
      SEATKEEPER_RATE_LIMIT: "0",
      SEATKEEPER_DB_POOL: "24",
      DATABASE_URL: "postgres://app@db:5432/seatkeeper",
    });
    expect(e).toMatchObject({
      PORT: 8080,
      SEATKEEPER_RATE_LIMIT: 0,
      SEATKEEPER_DB_POOL: 24,
      usesEmbeddedDatabase: false,
    });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT must be a port number between 1 and 65535"],
    [{ PORT: "70000" }, "PORT must be a port number between 1 and 65535"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must be a PostgreSQL URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET must be at least 32 characters"],
    [{ SEATKEEPER_SIGNING_KEY: "not a key" }, "SEATKEEPER_SIGNING_KEY must be an Ed25519 private key"],
    [{ SEATKEEPER_RATE_LIMIT: "-1" }, "SEATKEEPER_RATE_LIMIT must be a whole number"],
    [
      { SEATKEEPER_DB_POOL: "0" },
      "SEATKEEPER_DB_POOL must be a whole number of PostgreSQL connections between 1 and 500",
    ],
    [{ SEATKEEPER_DB_LOCK_TIMEOUT_MS: "1s" }, "SEATKEEPER_DB_LOCK_TIMEOUT_MS must be a whole number of milliseconds"],
    [
      { SEATKEEPER_DB_CONNECT_TIMEOUT_MS: "5" },
      "SEATKEEPER_DB_CONNECT_TIMEOUT_MS must be a whole number of milliseconds",
    ],
    [{ SEATKEEPER_RETENTION_DAYS: "0" }, "SEATKEEPER_RETENTION_DAYS must be a whole number of days"],
    [{ DATABASE_SESSION_URL: "pgbouncer:6432" }, "DATABASE_SESSION_URL must be a PostgreSQL URL"],
    [{ SEATKEEPER_SMTP_URL: "mail.example.com:587" }, "SEATKEEPER_SMTP_URL must be a mail server URL"],
    [
      { SEATKEEPER_SMTP_URL: "smtp://mail.example.com:587" },
      "SEATKEEPER_MAIL_FROM must be set with SEATKEEPER_SMTP_URL",
    ],
    [
      { SEATKEEPER_SMTP_URL: "smtp://mail.example.com", SEATKEEPER_MAIL_FROM: "nobody" },
      "SEATKEEPER_MAIL_FROM must be an address",
    ],
  ])("refuses %o with a sentence naming the variable", (vars, sentence) => {
    expect(() => parse(vars)).toThrow(EnvError);
    expect(() => parse(vars)).toThrow(sentence);
  });

  it("reads a mail server and its sender, and no mail server by default", () => {
    expect(parse({}).SEATKEEPER_SMTP_URL).toBeUndefined();
    expect(
      parse({
        SEATKEEPER_SMTP_URL: "smtps://user:secret@mail.example.com:465",
        SEATKEEPER_MAIL_FROM: "Seatkeeper <seatkeeper@example.com>",
      }),
    ).toMatchObject({ SEATKEEPER_SMTP_URL: "smtps://user:secret@mail.example.com:465" });
  });
});
