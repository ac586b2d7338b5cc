import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { env } from "@/lib/env";
import { withinDeadline } from "@/lib/runtime/deadline";
import { holdLockFile } from "./folder-lock";
import * as schema from "./schema";

/** The extensions the migrations create (pg_trgm: the users search), loaded into every embedded database. */
const pgliteExtensions = { pg_trgm };

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Domain functions take either; they open their own transaction when given the database. */
export type Executor = Database | Tx;

type Handle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** The postgres.js client (PostgreSQL only): LISTEN and the job leader's own connection. */
  client?: postgres.Sql;
  /** One connection apart from the pool for probeDatabase (PostgreSQL only), opened on first use. */
  probe?: postgres.Sql;
  close: () => Promise<void>;
};

// One handle per process, kept on globalThis: the custom server (loaded by tsx) and the Next.js
// bundle load this file as two modules, and two PGlite instances on one folder corrupt it.
const KEY = Symbol.for("seatkeeper.db");
type Holder = { [KEY]?: Handle };
const holder = globalThis as unknown as Holder;

/** The database, opened on first use (never at import time, so `next build` never touches it). */
export function getDb(): Database {
  return handle().db;
}

export function databaseKind(): Handle["kind"] {
  return handle().kind;
}

/** Whether the database answers a trivial query; throws when it does not (/api/health). */
export async function pingDb(): Promise<void> {
  await getDb().execute(sql`select 1`);
}

let probing: Promise<void> | undefined;

/**
 * Whether the database server answers within `ms`, asked on a connection apart from the pool, so
 * a pool busy with slow statements is not taken for a server that stopped answering (/api/health,
 * the API's stall check). Concurrent callers share one probe. A probe left without an answer has
 * its connection dropped, so the next one starts afresh. On the embedded database: a query.
 */
export function probeDatabase(ms: number): Promise<void> {
  const h = handle();
  probing ??= (async () => {
    if (h.kind !== "postgres") return void (await withinDeadline(pingDb(), ms));
    h.probe ??= postgres(env().DATABASE_URL!, { ...postgresOptions(env()), max: 1, prepare: false });
    const probe = h.probe;
    try {
      await withinDeadline(probe`select 1`, ms);
    } catch (e) {
      if (h.probe === probe) h.probe = undefined;
      void probe.end({ timeout: 0 }).catch(() => undefined);
      throw e;
    }
  })().finally(() => (probing = undefined));
  return probing;
}

/** The raw postgres.js client, or undefined on the embedded database. */
export function postgresClient(): postgres.Sql | undefined {
  return handle().client;
}

export async function closeDb() {
  const h = holder[KEY];
  holder[KEY] = undefined;
  await h?.close();
}

function handle(): Handle {
  holder[KEY] ??= open();
  return holder[KEY];
}

function open(): Handle {
  const config = env();
  const { DATABASE_URL, dataDir } = config;
  if (DATABASE_URL) {
    const client = postgres(DATABASE_URL, postgresOptions(config));
    const h: Handle = {
      db: drizzlePostgres({ client: preparing(client), schema }) as unknown as Database,
      kind: "postgres",
      client,
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), h.probe?.end({ timeout: 0 })]);
      },
    };
    return h;
  }
  const folder = path.join(dataDir, "pglite");
  const release = holdFolder(folder);
  const client = new PGlite(folder, { extensions: pgliteExtensions });
  return {
    db: drizzlePglite({ client, schema }) as unknown as Database,
    kind: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * Every connection fails fast instead of queueing the process behind one stuck client: a
 * statement, a lock wait and an idle transaction each have a limit (sent as startup parameters,
 * so they hold on every connection of the pool), and an unreachable server is given up on after
 * the connect timeout. A timed-out statement is answered 503 DATABASE_UNAVAILABLE by the API.
 */
export function postgresOptions(config: ReturnType<typeof env>): postgres.Options<Record<string, never>> {
  return {
    max: config.SEATKEEPER_DB_POOL,
    onnotice: () => {},
    // postgres.js prepares and caches statements per connection (see preparing()).
    prepare: true,
    connect_timeout: config.SEATKEEPER_DB_CONNECT_TIMEOUT_MS / 1000,
    // postgres.js waits longer after every failed connection, up to 20 s, which kept an instance
    // down for seconds after the database was back; half a second at most reconnects within 1 s.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    connection: {
      application_name: "seatkeeper",
      statement_timeout: config.SEATKEEPER_DB_STATEMENT_TIMEOUT_MS,
      lock_timeout: config.SEATKEEPER_DB_LOCK_TIMEOUT_MS,
      idle_in_transaction_session_timeout: config.SEATKEEPER_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  };
}

/**
 * drizzle asks postgres.js for `prepare: false` on every query it did not name, so each statement
 * was parsed and planned anew: about half of the database's time per session open + close, and
 * 40 % of the API's throughput. This turns postgres.js's own default back on: a statement is
 * prepared once per connection and reused, in transactions too (postgres.js re-prepares by itself
 * when a migration changed a cached plan's tables). Behind a transaction-pooling PgBouncer,
 * prepared statements need PgBouncer 1.21+ (max_prepared_statements).
 */
function preparing<T extends Pick<postgres.Sql, "unsafe">>(sql: T): T {
  const { unsafe } = sql;
  sql.unsafe = ((
    query: string,
    args?: postgres.ParameterOrJSON<never>[] | postgres.UnsafeQueryOptions,
    options?: postgres.UnsafeQueryOptions,
  ) =>
    Array.isArray(args) || args === undefined
      ? unsafe(query, args, { ...options, prepare: true })
      : unsafe(query, [], { ...args, prepare: true })) as T["unsafe"];
  const begin = (sql as Partial<postgres.Sql>).begin;
  if (begin) {
    // The transaction's own `sql` is made per transaction: prepare there too.
    (sql as unknown as postgres.Sql).begin = ((...args: unknown[]) => {
      const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return (begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) =>
        work(preparing(tx)),
      );
    }) as postgres.Sql["begin"];
  }
  return sql;
}

/**
 * An in-memory embedded database, for tests: empty, or loaded from a snapshot (a data folder
 * `snapshot()` made). It also becomes this process's database (what getDb() answers), so code
 * that opens the database itself — route handlers — uses it too.
 */
export function openMemoryDb(from?: Blob): {
  db: Database;
  snapshot: () => Promise<Blob>;
  close: () => Promise<void>;
} {
  const client = new PGlite({
    extensions: pgliteExtensions,
    loadDataDir: from,
    // A snapshot starts with crash recovery, which leaves its startup-progress timer armed: a
    // test's fake clock would run that timer forever.
    startParams: from ? [...PGlite.defaultStartParams, "-c", "log_startup_progress_interval=0"] : undefined,
  });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  holder[KEY] ??= { db, kind: "pglite", close: () => client.close() };
  return { db, snapshot: () => client.dumpDataDir("none"), close: () => client.close() };
}

/** Rows of a raw `execute`, which answers `{ rows }` on PGlite and an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A unique index refused the statement (PostgreSQL 23505, on either driver's error or its cause). */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === "object" &&
  e !== null &&
  ((e as { code?: unknown }).code === "23505" || isUniqueViolation((e as { cause?: unknown }).cause));

/** Holds the folder's lock file (./folder-lock.ts); refuses a folder another live server holds. */
function holdFolder(folder: string): () => void {
  fs.mkdirSync(folder, { recursive: true });
  return holdLockFile(path.join(path.dirname(folder), "pglite.lock"), path.dirname(folder));
}
