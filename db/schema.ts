import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Every row of customer data carries organization_id, so the schema can be distributed by
// organization (e.g. Citus) and every tenant check is one equality.

const id = () => uuid("id").primaryKey().defaultRandom();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** PostgreSQL's 64-bit transaction id, read as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });
const createdAt = () => ts("created_at").notNull().defaultNow();

export const poolModel = pgEnum("pool_model", ["named", "concurrent"]);
export const contractStatus = pgEnum("contract_status", ["active", "suspended", "expired"]);
export const userStatus = pgEnum("user_status", ["active", "inactive"]);
export const credentialState = pgEnum("credential_state", ["none", "issued", "revoked"]);
export const clientType = pgEnum("client_type", ["desktop", "web", "mobile", "api", "integration"]);
export const sessionEndReason = pgEnum("session_end_reason", [
  "closed",
  "expired",
  "ended_by_admin",
  "contract_inactive",
  "seat_revoked",
  "idle",
  "returned",
  "borrow_expired",
  "borrow_revoked",
]);
export const devicePlatform = pgEnum("device_platform", ["mobile", "desktop", "server"]);
export const activationEndReason = pgEnum("activation_end_reason", ["revoked", "lapsed"]);
export const accountRole = pgEnum("account_role", ["operator", "support", "owner", "admin"]);
export const tokenKind = pgEnum("token_kind", ["contract_api_key", "operator", "scim"]);
export const actorType = pgEnum("actor_type", ["account", "token", "system"]);
export const denialKind = pgEnum("denial_kind", [
  "session",
  "activation",
  "api_connect",
  "seat",
  "capacity",
  "directory",
]);

export const organizations = pgTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    siteId: text("site_id").notNull(),
    /** IANA zone whose whole days a contract's and a user's dates mean (rule 20). */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Its owners and admins must sign in with a second factor (set by an operator or an owner). */
    mfaRequired: boolean("mfa_required").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organizations_site_id_key").on(t.siteId),
    index("organizations_name_idx").on(sql`lower(${t.name})`),
  ],
);

export const modules = pgTable(
  "modules",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("modules_key_key").on(t.key)],
);

export const plans = pgTable(
  "plans",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    /** ISO 4217 code of the plan's list prices; contracts made from the plan take it by default. */
    currency: text("currency"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("plans_name_key").on(sql`lower(${t.name})`)],
);

/** A plan's template for one module: model, included capacity and the purchasable maximum. */
export const planModules = pgTable(
  "plan_modules",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    model: poolModel("model").notNull(),
    includedCapacity: integer("included_capacity").notNull(),
    maxCapacity: integer("max_capacity"),
    activationsPerLicense: integer("activations_per_license").notNull().default(0),
    apiConnectsPerLicense: integer("api_connects_per_license").notNull().default(0),
    heartbeatSeconds: integer("heartbeat_seconds").notNull().default(120),
    leaseDays: integer("lease_days").notNull().default(7),
    /** List price per licence per month, in minor units of the plan's currency (no float money). */
    pricePerLicense: integer("price_per_license"),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.moduleId] }),
    check("plan_modules_price_check", sql`${t.pricePerLicense} IS NULL OR ${t.pricePerLicense} >= 0`),
    check(
      "plan_modules_capacity_check",
      sql`${t.includedCapacity} >= 0 AND (${t.maxCapacity} IS NULL OR ${t.maxCapacity} >= ${t.includedCapacity})`,
    ),
  ],
);

export const contracts = pgTable(
  "contracts",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    planId: uuid("plan_id").references(() => plans.id),
    startsAt: ts("starts_at").notNull().defaultNow(),
    /** null = perpetual. A past end date means expired whatever `status` says. */
    endsAt: ts("ends_at"),
    status: contractStatus("status").notNull().default("active"),
    /** ISO 4217 code the pools' prices are in (optional: a contract without prices has none). */
    currency: text("currency"),
    createdAt: createdAt(),
  },
  (t) => [index("contracts_organization_idx").on(t.organizationId)],
);

export type PoolReservation = { profileId: string; reserved: number; max: number | null };

export const licensePools = pgTable(
  "license_pools",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    model: poolModel("model").notNull(),
    capacity: integer("capacity").notNull(),
    minCapacity: integer("min_capacity").notNull().default(0),
    maxCapacity: integer("max_capacity"),
    overagePercent: integer("overage_percent").notNull().default(0),
    activationsPerLicense: integer("activations_per_license").notNull().default(0),
    extraActivations: integer("extra_activations").notNull().default(0),
    apiConnectsPerLicense: integer("api_connects_per_license").notNull().default(0),
    extraApiConnects: integer("extra_api_connects").notNull().default(0),
    heartbeatSeconds: integer("heartbeat_seconds").notNull().default(120),
    leaseDays: integer("lease_days").notNull().default(7),
    warningThresholdPercent: integer("warning_threshold_percent").notNull().default(90),
    /** Idle reclaim (rule 25): a session whose client reports idle longer than this ends as `idle`; null = off. */
    idleTimeoutMinutes: integer("idle_timeout_minutes"),
    /** Auto-reclaim of a named pool: a holder's credentials are revoked after this many days unused; null = off. */
    autoReclaimDays: integer("auto_reclaim_days"),
    /** Seats kept for a profile's members and/or a cap on that profile (rule 25); null = none. */
    reservations: jsonb("reservations").$type<PoolReservation[]>(),
    /** Borrowing (rule 25): the longest a live session may be borrowed for offline use; 0 = off. */
    maxBorrowHours: integer("max_borrow_hours").notNull().default(0),
    /** At most this share of the pool's capacity may be borrowed at once. */
    borrowPercent: integer("borrow_percent").notNull().default(100),
    /** Seats of borrowed sessions not ended yet, taken and released by the same conditional statements as sessionsHeld. */
    borrowedHeld: integer("borrowed_held").notNull().default(0),
    /**
     * While `reservations` is set: seats held by live sessions per profile they opened under
     * (profileId → seats), kept by the same conditional statements as sessionsHeld.
     */
    reservedHeld: jsonb("reserved_held").$type<Record<string, number>>().notNull().default({}),
    /**
     * Opens waiting in line for this pool (session_waiters rows), a hint kept by the same statements:
     * while it is 0 an open without `wait` needs no look at the queue (rule 25).
     */
    waiters: integer("waiters").notNull().default(0),
    /**
     * Seats held by sessions that have not been ended yet (sum of weights). Taken and released
     * with conditional UPDATEs so racing opens can never pass the limit; sessions past their
     * heartbeat are reclaimed from it before a refusal, so they stop counting at once.
     */
    sessionsHeld: integer("sessions_held").notNull().default(0),
    /** Device activations not yet revoked or lapsed; same technique as sessionsHeld. */
    activationsHeld: integer("activations_held").notNull().default(0),
    /** A capacity decrease scheduled for the contract's renewal (end) date. */
    scheduledCapacity: integer("scheduled_capacity"),
    scheduledCapacityAt: ts("scheduled_capacity_at"),
    /** Price per licence per month, in minor units of the contract's currency (cents; no float money). */
    pricePerLicense: integer("price_per_license"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("license_pools_contract_module_key").on(t.contractId, t.moduleId),
    index("license_pools_organization_idx").on(t.organizationId),
    check("license_pools_capacity_check", sql`${t.capacity} >= 0`),
    check(
      "license_pools_bounds_check",
      sql`${t.minCapacity} >= 0 AND (${t.maxCapacity} IS NULL OR ${t.maxCapacity} >= ${t.minCapacity})`,
    ),
    check(
      "license_pools_allowances_check",
      sql`${t.overagePercent} >= 0 AND ${t.activationsPerLicense} >= 0 AND ${t.extraActivations} >= 0 AND ${t.apiConnectsPerLicense} >= 0 AND ${t.extraApiConnects} >= 0 AND ${t.heartbeatSeconds} > 0 AND ${t.leaseDays} > 0 AND ${t.warningThresholdPercent} BETWEEN 1 AND 100`,
    ),
    check("license_pools_price_check", sql`${t.pricePerLicense} IS NULL OR ${t.pricePerLicense} >= 0`),
    check(
      "license_pools_held_check",
      sql`${t.sessionsHeld} >= 0 AND ${t.activationsHeld} >= 0 AND ${t.borrowedHeld} >= 0 AND ${t.borrowedHeld} <= ${t.sessionsHeld}`,
    ),
    check("license_pools_borrow_check", sql`${t.maxBorrowHours} >= 0 AND ${t.borrowPercent} BETWEEN 0 AND 100`),
  ],
);

export const profiles = pgTable(
  "profiles",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /**
     * The administrator's order for directory groups: a user in several linked groups gets the
     * profile with the lowest number (null last, then by name and id), so the choice is deterministic.
     */
    precedence: integer("precedence"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("profiles_organization_name_key").on(t.organizationId, sql`lower(${t.name})`)],
);

export const profileModules = pgTable(
  "profile_modules",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id),
    /** When the profile began granting the module: its members' seats in it are granted no earlier (rule 5). */
    grantedAt: ts("granted_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.profileId, t.moduleId] }),
    index("profile_modules_module_idx").on(t.organizationId, t.moduleId),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    /** foldUsername(username) (lib/validation/text.ts): what usernames are compared by. */
    usernameKey: text("username_key").notNull(),
    email: text("email").notNull(),
    status: userStatus("status").notNull().default("active"),
    credentials: credentialState("credentials").notNull().default("none"),
    /** Last day (inclusive) the user may log in; null = no end. */
    validTo: date("valid_to", { mode: "string" }),
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    /** The directory's own id for the user (SCIM externalId), kept as sent. */
    externalId: text("external_id"),
    /**
     * The user's manager, another user of the organization (never themselves, never in a cycle:
     * lib/licensing/managers.ts); decides the user's access reviews by a link e-mailed to them.
     */
    managerId: uuid("manager_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /**
     * When the user's seat-giving state last began: set in the statement that activates them,
     * issues their credentials, makes validTo current again or gives them a profile (see
     * seatGrantedAtOnChange); the seats they hold were granted no earlier (rule 5's "most recent").
     */
    seatGrantedAt: ts("seat_granted_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // Usernames are unique by their folded key, computed in JS so both databases agree (rule 23);
    // lower(username) stays as the users page's sort order.
    uniqueIndex("users_organization_username_fold_key").on(t.organizationId, t.usernameKey),
    index("users_organization_username_idx").on(t.organizationId, sql`lower(${t.username})`),
    index("users_organization_profile_idx").on(t.organizationId, t.profileId),
    index("users_organization_email_idx").on(t.organizationId, sql`lower(${t.email})`),
    index("users_organization_external_id_idx").on(t.organizationId, t.externalId),
    index("users_manager_idx")
      .on(t.managerId)
      .where(sql`${t.managerId} is not null`),
    // The users page's search ("contains", SPEC §5): trigram indexes answer `like '%…%'` without
    // reading every user of the organization.
    index("users_username_key_trgm_idx").using("gin", t.usernameKey.op("gin_trgm_ops")),
    // The expiry sweep's candidates for rule 18's validTo turn: the users whose validTo is today or past.
    index("users_valid_to_idx")
      .on(t.validTo)
      .where(sql`${t.validTo} is not null`),
    index("users_email_trgm_idx").using("gin", sql`lower(${t.email}) gin_trgm_ops`),
    // Rule 1's seat holders per profile, read index-only by the usage reports (bench: 100k users).
    index("users_seat_holders_idx")
      .on(t.organizationId, t.profileId, t.validTo)
      .where(sql`${t.status} = 'active' AND ${t.credentials} = 'issued'`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    clientType: clientType("client_type").notNull(),
    deviceId: text("device_id").notNull(),
    weight: integer("weight").notNull().default(1),
    /** Seats this session holds in the pool counter (0 on named pools, where the seat is the user's). */
    seatsHeld: integer("seats_held").notNull(),
    startedAt: createdAt(),
    lastHeartbeatAt: ts("last_heartbeat_at").notNull().defaultNow(),
    /** last heartbeat + the pool's TTL: past it the session no longer counts. */
    expiresAt: ts("expires_at").notNull(),
    endedAt: ts("ended_at"),
    endReason: sessionEndReason("end_reason"),
    /** Since when the client says it is idle (its last heartbeat's idleSeconds); null when active. */
    idleSince: ts("idle_since"),
    /** idleSince + the pool's idle timeout: expiresAt is never later, so an idle session stops counting then. */
    idleUntil: ts("idle_until"),
    /** The user's profile when the session opened: the reservation it counts against (rule 25). */
    reservedProfileId: uuid("reserved_profile_id"),
    /** For a session that waited in line: its place (session_waiters.seq) and how long it waited. */
    queueSeq: bigint("queue_seq", { mode: "number" }),
    waitedMs: integer("waited_ms"),
    /** A borrowed session's end (rule 25): expiresAt is this, and heartbeats leave it there. */
    borrowedUntil: ts("borrowed_until"),
  },
  (t) => [
    // Live sessions per pool; seats_held makes the reports' sums index-only (no heap visits).
    index("sessions_live_pool_idx")
      .on(t.poolId, t.expiresAt, t.seatsHeld)
      .where(sql`${t.endedAt} IS NULL`),
    index("sessions_live_organization_idx")
      .on(t.organizationId, t.startedAt)
      .where(sql`${t.endedAt} IS NULL`),
    index("sessions_user_idx").on(t.userId),
    check("sessions_weight_check", sql`${t.weight} >= 1 AND ${t.seatsHeld} >= 0`),
  ],
);

/**
 * An open waiting for a seat of a full concurrent pool (rule 25): served first come, first served
 * by `seq` across instances; in line while its deadline is ahead (an instance that died leaves
 * rows that stop counting at their deadline).
 */
export const sessionWaiters = pgTable(
  "session_waiters",
  {
    id: id(),
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    username: text("username"),
    enqueuedAt: ts("enqueued_at").notNull().defaultNow(),
    deadline: ts("deadline").notNull(),
    /** The instance whose request waits (instance_leases): its waiters stop counting when its lease lapses. */
    instanceId: uuid("instance_id"),
  },
  (t) => [index("session_waiters_pool_idx").on(t.poolId, t.seq)],
);

/**
 * Each running instance's liveness, renewed every few seconds while it runs: a row whose lease
 * has lapsed belongs to an instance that died or froze, and its waiters no longer hold a line.
 */
export const instanceLeases = pgTable("instance_leases", {
  id: uuid("id").primaryKey(),
  expiresAt: ts("expires_at").notNull(),
});

/**
 * A live session borrowed for offline use (rule 25). The borrow lives as long as its session: the
 * session's end (returned, borrow_expired, borrow_revoked, or any other reason) ends it.
 */
export const borrows = pgTable(
  "borrows",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    hours: integer("hours").notNull(),
    startedAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("borrows_session_key").on(t.sessionId),
    index("borrows_organization_idx").on(t.organizationId, t.startedAt),
  ],
);

export type Borrow = typeof borrows.$inferSelect;

export const deviceActivations = pgTable(
  "device_activations",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    fingerprint: text("fingerprint").notNull(),
    platform: devicePlatform("platform").notNull(),
    name: text("name"),
    activatedAt: createdAt(),
    lastRefreshedAt: ts("last_refreshed_at").notNull().defaultNow(),
    leaseExpiresAt: ts("lease_expires_at").notNull(),
    endedAt: ts("ended_at"),
    endReason: activationEndReason("end_reason"),
    /** An offline device's own Ed25519 public key (JWK): its renewals and release receipts must be signed by it. */
    deviceKey: jsonb("device_key").$type<Record<string, string>>(),
    /** The key's RFC 7638 thumbprint, bound into the licence file (`cnf.jkt`); null for online activations. */
    deviceKeyThumbprint: text("device_key_thumbprint"),
  },
  (t) => [
    // One live activation per fingerprint and pool: racing activations of one device collapse into one.
    uniqueIndex("device_activations_live_fingerprint_key")
      .on(t.poolId, t.fingerprint)
      .where(sql`${t.endedAt} IS NULL`),
    // Live activations per pool by lease, counted index-only by the reports.
    index("device_activations_live_pool_idx")
      .on(t.poolId, t.leaseExpiresAt)
      .where(sql`${t.endedAt} IS NULL`),
    index("device_activations_organization_idx").on(t.organizationId, t.activatedAt),
    index("device_activations_user_idx").on(t.userId),
  ],
);

export const offlineFileKind = pgEnum("offline_file_kind", ["activation", "renewal", "release"]);

/**
 * Every offline request and receipt a device signed, by its key and nonce: a nonce is used once,
 * so an old file cannot be replayed (the same file again is recognised by its digest).
 */
export const offlineFiles = pgTable(
  "offline_files",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    activationId: uuid("activation_id").references(() => deviceActivations.id, { onDelete: "cascade" }),
    deviceKeyThumbprint: text("device_key_thumbprint").notNull(),
    nonce: text("nonce").notNull(),
    kind: offlineFileKind("kind").notNull(),
    /** SHA-256 of the file as submitted (base64url). */
    digest: text("digest").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("offline_files_key_nonce_key").on(t.deviceKeyThumbprint, t.nonce),
    index("offline_files_activation_idx").on(t.activationId),
  ],
);

export type OfflineFile = typeof offlineFiles.$inferSelect;

/** API connects used per pool and calendar month (UTC); `period` is the month's first day. */
export const apiConnectUsage = pgTable(
  "api_connect_usage",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    period: date("period", { mode: "string" }).notNull(),
    // bigint: a quota reaches capacity × API connects per licence + extra ≤ 1.0001 × 10¹² (rule 22).
    used: bigint("used", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.poolId, t.period] }), check("api_connect_usage_used_check", sql`${t.used} >= 0`)],
);

export const denials = pgTable(
  "denials",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id"),
    poolId: uuid("pool_id"),
    moduleId: uuid("module_id"),
    kind: denialKind("kind").notNull(),
    code: text("code").notNull(),
    message: text("message").notNull(),
    userId: uuid("user_id"),
    username: text("username"),
    deviceId: text("device_id"),
    /** The client type a refused session asked for; null for activations and console refusals. */
    clientType: clientType("client_type"),
    actor: text("actor").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    // Serves the denials page's keyset paging (newest first, ties by id) per organization.
    index("denials_organization_created_idx").on(t.organizationId, t.createdAt, t.id),
    // One per filter of the denials page, each in the paging order, so a filtered page reads
    // only its rows however many the organization has.
    index("denials_pool_created_idx").on(t.poolId, t.createdAt, t.id),
    index("denials_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("denials_organization_username_created_idx").on(
      t.organizationId,
      sql`lower(${t.username})`,
      t.createdAt,
      t.id,
    ),
    index("denials_organization_device_created_idx").on(t.organizationId, t.deviceId, t.createdAt, t.id),
    index("denials_organization_code_created_idx").on(t.organizationId, t.code, t.createdAt, t.id),
    // The vendor-wide list (support) and retention's pruning.
    index("denials_created_idx").on(t.createdAt, t.id),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** null for vendor-wide changes (catalogue, accounts, operator tokens). */
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
    /**
     * The writing transaction's id (its default, so no statement changes): the webhook feed reads
     * events in transaction order behind the oldest transaction still running, so a slow
     * transaction's rows are never skipped (lib/webhooks/feed.ts).
     */
    xid: xid8("xid")
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index("audit_events_organization_created_idx").on(t.organizationId, t.createdAt),
    index("audit_events_created_idx").on(t.createdAt),
    index("audit_events_xid_idx").on(t.xid),
  ],
);

export const consoleAccounts = pgTable(
  "console_accounts",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    role: accountRole("role").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    lastLoginAt: ts("last_login_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("console_accounts_email_key").on(sql`lower(${t.email})`),
    check(
      "console_accounts_role_organization_check",
      sql`(${t.role} IN ('owner', 'admin')) = (${t.organizationId} IS NOT NULL)`,
    ),
  ],
);

/**
 * One row per signed-in browser. The session cookie names its row: signing out deletes it, so the
 * cookie stops working on every instance at once; "sign out everywhere" deletes all of an account's.
 */
export const consoleSessions = pgTable(
  "console_sessions",
  {
    id: id(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    /** Moved forward (at most once a minute) by requests; idle sessions end. */
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    /** When this browser last proved a second factor; removing a factor needs it to be recent. */
    mfaVerifiedAt: ts("mfa_verified_at"),
  },
  (t) => [index("console_sessions_account_idx").on(t.accountId)],
);

/**
 * Sign-in attempts per key ("account:<email>" or "address:<ip>"), taken by one conditional
 * upsert before the password is checked, so concurrent attempts on any number of instances
 * can't exceed the budget. Unknown emails get rows like known ones.
 */
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    key: text("key").primaryKey(),
    attempts: integer("attempts").notNull(),
    lastAttemptAt: ts("last_attempt_at").notNull(),
    /** No attempt is taken before this time. */
    nextAttemptAt: ts("next_attempt_at").notNull(),
  },
  (t) => [check("sign_in_throttles_attempts_check", sql`${t.attempts} >= 0`)],
);

/**
 * An invitation to a console account, by e-mail and role (and organization for owners and
 * admins). Only a SHA-256 hash of the link's token is kept; the link works once (accepting sets
 * accepted_at by a conditional update) and until expires_at, unless revoked.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: accountRole("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** Who invited, as the audit log names them. */
    invitedBy: text("invited_by").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    accountId: uuid("account_id").references(() => consoleAccounts.id, { onDelete: "set null" }),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_organization_idx").on(t.organizationId, t.createdAt),
    check(
      "invitations_role_organization_check",
      sql`(${t.role} IN ('owner', 'admin')) = (${t.organizationId} IS NOT NULL)`,
    ),
  ],
);

/** A password-reset link of one account: a SHA-256 hash of its token, single-use, short-lived. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: id(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [
    uniqueIndex("password_resets_token_hash_key").on(t.tokenHash),
    index("password_resets_account_idx").on(t.accountId),
  ],
);

/** Vendor-wide settings: one row (id is always true). */
export const vendorSettings = pgTable(
  "vendor_settings",
  {
    id: boolean("id").primaryKey().default(true),
    /** Operators and support staff must sign in with a second factor. */
    mfaRequired: boolean("mfa_required").notNull().default(false),
  },
  (t) => [check("vendor_settings_single_row_check", sql`${t.id}`)],
);

/**
 * An account's authenticator app. The secret is stored encrypted (AES-256-GCM, key derived from
 * AUTH_SECRET); until a code confirms it (confirmedAt) it is an enrolment in progress, not a factor.
 */
export const totpFactors = pgTable("totp_factors", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => consoleAccounts.id, { onDelete: "cascade" }),
  secretSealed: text("secret_sealed").notNull(),
  confirmedAt: ts("confirmed_at"),
  /** The last time step a code was accepted for: a code is never accepted twice. */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: createdAt(),
});

/** Single-use recovery codes, stored as SHA-256 hashes (each code carries 59 random bits). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: id(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_account_code_key").on(t.accountId, t.codeHash)],
);

/** WebAuthn credentials (passkeys) registered by console accounts. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: id(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    /** The credential id, base64url, as the authenticator names it. */
    credentialId: text("credential_id").notNull(),
    /** The COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: jsonb("transports").$type<string[]>().notNull().default([]),
    name: text("name").notNull(),
    lastUsedAt: ts("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("passkeys_credential_id_key").on(t.credentialId), index("passkeys_account_idx").on(t.accountId)],
);

/**
 * A sign-in that passed the password and waits for its second factor (or, when the account must
 * enrol first, for enrolment). The browser holds the token in an HttpOnly cookie; only its hash
 * is stored. No console session exists until the row is consumed.
 */
export const pendingSignIns = pgTable(
  "pending_sign_ins",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    mustEnrol: boolean("must_enrol").notNull(),
    /** Set when enrolment finished: the confirming code was the second factor. */
    passedAt: ts("passed_at"),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("pending_sign_ins_token_key").on(t.tokenHash)],
);

/** A WebAuthn challenge handed to a browser, used once (registration, sign-in or a fresh check). */
export const webauthnChallenges = pgTable("webauthn_challenges", {
  id: id(),
  challenge: text("challenge").notNull(),
  /** Null for a password-less sign-in, where the passkey names the account. */
  accountId: uuid("account_id").references(() => consoleAccounts.id, { onDelete: "cascade" }),
  purpose: text("purpose", { enum: ["register", "authenticate"] }).notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});

export const tokens = pgTable(
  "tokens",
  {
    id: id(),
    kind: tokenKind("kind").notNull(),
    name: text("name").notNull(),
    /** First characters of the secret, shown to people to tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the secret, hex. The secret itself is never stored. */
    secretHash: text("secret_hash").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").references(() => contracts.id, { onDelete: "cascade" }),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    uniqueIndex("tokens_secret_hash_key").on(t.secretHash),
    index("tokens_contract_idx").on(t.contractId),
    check("tokens_kind_contract_check", sql`(${t.kind} = 'contract_api_key') = (${t.contractId} IS NOT NULL)`),
  ],
);

/**
 * A group of the customer's directory (SCIM), linked to the profile its members get. A group whose
 * profile link is null was never linked or its profile was deleted.
 */
export const directoryGroups = pgTable(
  "directory_groups",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    displayName: text("display_name").notNull(),
    externalId: text("external_id"),
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("directory_groups_organization_name_idx").on(t.organizationId, sql`lower(${t.displayName})`),
    index("directory_groups_profile_idx").on(t.profileId),
  ],
);

export const directoryGroupMembers = pgTable(
  "directory_group_members",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => directoryGroups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("directory_group_members_user_idx").on(t.userId)],
);

/** The provisioning log: every SCIM request, the token that sent it, what it changed or why it was refused. */
export const scimRequests = pgTable(
  "scim_requests",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tokenId: uuid("token_id"),
    tokenName: text("token_name").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    status: integer("status").notNull(),
    /** `changed`, `unchanged` (reads and no-ops), `refused` (4xx) or `failed` (5xx). */
    outcome: text("outcome").notNull(),
    /** One sentence: what changed, or the refusal's own sentence. */
    summary: text("summary").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("scim_requests_organization_created_idx").on(t.organizationId, t.createdAt, t.id),
    index("scim_requests_created_idx").on(t.createdAt),
  ],
);

/** One row per pool and minute: what the pool held, recorded while the server runs. */
export const usageSamples = pgTable(
  "usage_samples",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    bucket: ts("bucket").notNull(),
    capacity: integer("capacity").notNull(),
    peakInUse: integer("peak_in_use").notNull(),
    avgInUse: real("avg_in_use").notNull(),
    activations: integer("activations").notNull().default(0),
    denials: integer("denials").notNull().default(0),
    samples: integer("samples").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.poolId, t.bucket] }),
    index("usage_samples_organization_bucket_idx").on(t.organizationId, t.bucket),
  ],
);

/**
 * The day's roll-up of usage_samples (UTC days), kept by the same sampling statement: the 30-day
 * and 12-month history read 30 or 365 rows per pool instead of every minute of the range.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    day: ts("day").notNull(),
    capacity: integer("capacity").notNull(),
    peakInUse: integer("peak_in_use").notNull(),
    /** The sum of every sample's in-use figure that day: with `samples`, the day's average. */
    inUseSum: doublePrecision("in_use_sum").notNull(),
    samples: integer("samples").notNull(),
    /** Whether any sample that day found the pool at its capacity. */
    atLimit: boolean("at_limit").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.poolId, t.day] }),
    index("usage_daily_organization_day_idx").on(t.organizationId, t.day),
  ],
);

/**
 * Client-API requests per key and one-minute window, shared by every instance on PostgreSQL
 * (lib/http/shared-rate-limit.ts). Not tenant data: the key is a token id, rows live two minutes
 * (the job leader prunes them), and the table is UNLOGGED (hand-edited in its migration): a crash
 * only forgets the current minute's counts.
 */
export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    key: text("key").notNull(),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * A write's answer kept under its Idempotency-Key (lib/http/idempotency.ts) for 24 hours: a
 * retry with the same key and body gets it again. Scoped by the credential (a token's id) that
 * sent it; the row is written in the change's own transaction, so a key exists only for a change
 * that committed. Pruned by the retention job once expired.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    credentialId: uuid("credential_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of the method, path and body the key was first used with. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    body: text("body"),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "delivered", "failed"]);

/** A URL of the vendor's systems that receives signed events (SPEC §1, §4). */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: id(),
  url: text("url").notNull(),
  description: text("description"),
  /** The HMAC-SHA256 key of the signatures; kept because every POST is signed with it. */
  secret: text("secret").notNull(),
  /** The event types it receives. */
  events: text("events").array().notNull(),
  enabled: boolean("enabled").notNull().default(true),
  /** Since when every attempt has failed (null while the last one succeeded); 24 h of it disables. */
  failingSince: ts("failing_since"),
  disabledAt: ts("disabled_at"),
  createdAt: createdAt(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * The outbox: one row per event, written in the same transaction as what produced it (the feed's
 * cursor moves in that transaction too). `id` is the idempotency key receivers dedupe on;
 * `source` makes writing the same fact twice impossible.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    type: text("type").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: ts("occurred_at").notNull(),
    source: text("source").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("webhook_events_source_key").on(t.source), index("webhook_events_created_idx").on(t.createdAt)],
);

/** One event to one endpoint: retried with backoff until delivered or 24 h have passed. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    /** A worker that claimed the delivery owns it until then; past it (the worker died) it is due again. */
    leaseUntil: ts("lease_until"),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    lastAttemptAt: ts("last_attempt_at"),
    deliveredAt: ts("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Every attempt of every delivery: when, the answer's status (null: no answer), latency, error. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: ts("attempted_at").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);

/**
 * Where the webhook feed has read up to (one row per source): audit events by (xid, id), denials
 * summarized up to a minute, pool levels last seen (for crossings).
 */
export const webhookFeedCursors = pgTable("webhook_feed_cursors", {
  name: text("name").primaryKey(),
  xid: xid8("xid"),
  lastId: bigint("last_id", { mode: "number" }),
  until: ts("until"),
});

/** What the feed last saw of each pool, so near/over/full/quota events fire on a crossing only. */
export const webhookPoolLevels = pgTable("webhook_pool_levels", {
  poolId: uuid("pool_id")
    .primaryKey()
    .references(() => licensePools.id, { onDelete: "cascade" }),
  state: text("state").notNull(),
  devicesFull: boolean("devices_full").notNull(),
  quotaExhausted: boolean("quota_exhausted").notNull(),
});

/**
 * A notice for people (SPEC: owners are told in time): one row per fact, written by the job
 * leader's notification feed in the transaction that moves its cursor; `source` names the fact, so
 * a crossing or a renewal reminder is written once however often the feed reads it. The console's
 * notification list reads these rows, so a notice is never lost when mail is not configured.
 * `organization_id` null: a vendor-wide notice (a webhook endpoint disabled) for vendor staff.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** The console path that explains it (with `?org=` for an organization's page). */
    link: text("link").notNull(),
    source: text("source").notNull(),
    occurredAt: ts("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_source_key").on(t.source),
    index("notifications_organization_created_idx").on(t.organizationId, t.createdAt),
  ],
);

export const notificationMailStatus = pgEnum("notification_mail_status", [
  "pending",
  "sending",
  "sent",
  "skipped",
  "failed",
]);

/**
 * A mail outbox row's sending state: pending until the job leader claims it (sending, with a lease
 * that lapses if that sender dies), then sent, failed after its attempts, or skipped.
 */
const mailOutboxColumns = () => ({
  status: notificationMailStatus("status").notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  leaseUntil: ts("lease_until"),
  sentAt: ts("sent_at"),
  lastError: text("last_error"),
});

/**
 * The mail outbox: one row per notice and account that wants it by mail, written with the notice.
 * The sender claims due rows (status `sending` until `lease_until`), sends, then marks them sent;
 * a sender that died after claiming leaves a lease that lapses, and the row is sent by the next
 * one. A digest row waits until `due_at`, the next 08:00 in the organization's zone.
 */
export const notificationMails = pgTable(
  "notification_mails",
  {
    id: id(),
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    digest: boolean("digest").notNull(),
    dueAt: ts("due_at").notNull(),
    ...mailOutboxColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_mails_notification_account_key").on(t.notificationId, t.accountId),
    index("notification_mails_due_idx")
      .on(t.dueAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
  ],
);

/** An account's choice for one kind of notice; without a row its role's default applies. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => consoleAccounts.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** immediately | digest | off */
    delivery: text("delivery").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind] })],
);

/** Where the notification feed has read up to: audit events by (xid, id), directory denials by time. */
export const notificationCursors = pgTable("notification_cursors", {
  name: text("name").primaryKey(),
  xid: xid8("xid"),
  lastId: bigint("last_id", { mode: "number" }),
  until: ts("until"),
});

/** The notification feed's own last-seen pool levels, so a crossing is noticed once (as webhooks'). */
export const notificationPoolLevels = pgTable("notification_pool_levels", {
  poolId: uuid("pool_id")
    .primaryKey()
    .references(() => licensePools.id, { onDelete: "cascade" }),
  state: text("state").notNull(),
  devicesFull: boolean("devices_full").notNull(),
  quotaExhausted: boolean("quota_exhausted").notNull(),
});

/**
 * When each user last used each module (a session opened or heartbeating, a device activated or
 * refreshing), as the job leader samples it from the sessions and activations the hot paths write
 * anyway: nothing is added to a client request, and a row is rewritten at most once an hour.
 */
export const userModuleLastUse = pgTable(
  "user_module_last_use",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    moduleId: uuid("module_id")
      .notNull()
      .references(() => modules.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    lastUsedAt: ts("last_used_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.moduleId] }),
    index("user_module_last_use_organization_idx").on(t.organizationId, t.userId, t.lastUsedAt),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;

export type Organization = typeof organizations.$inferSelect;
export type Module = typeof modules.$inferSelect;
export type Plan = typeof plans.$inferSelect;
export type PlanModule = typeof planModules.$inferSelect;
export type Contract = typeof contracts.$inferSelect;
export type LicensePool = typeof licensePools.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type DeviceActivation = typeof deviceActivations.$inferSelect;
export type Denial = typeof denials.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type ConsoleAccount = typeof consoleAccounts.$inferSelect;
export type Passkey = typeof passkeys.$inferSelect;
export type Token = typeof tokens.$inferSelect;
export type DirectoryGroup = typeof directoryGroups.$inferSelect;
export type ScimRequest = typeof scimRequests.$inferSelect;
export type UsageSample = typeof usageSamples.$inferSelect;
export type PoolModel = (typeof poolModel.enumValues)[number];
export type ClientType = (typeof clientType.enumValues)[number];
export type AccountRole = (typeof accountRole.enumValues)[number];
export type DevicePlatform = (typeof devicePlatform.enumValues)[number];

/**
 * The job leader's lease (one row): who holds it, until when, and its generation, a fencing token
 * raised at each change of holder. The jobs' writes check the generation they started under, so
 * a leader that froze past its lease and wakes up has its late writes refused.
 */
export const jobLeader = pgTable(
  "job_leader",
  {
    name: text("name").primaryKey(),
    holder: uuid("holder").notNull(),
    /** The holder's session (pg_backend_pid and its start): a lease whose session is gone is free at once. */
    holderPid: integer("holder_pid").notNull(),
    holderSince: ts("holder_since").notNull(),
    generation: bigint("generation", { mode: "number" }).notNull(),
    expiresAt: ts("expires_at").notNull(),
  },
  // Unique, so a change of generation takes the row's strongest lock: it waits for jobs that hold
  // KEY SHARE on it under the old generation, while renewals (expires_at only) do not.
  (t) => [uniqueIndex("job_leader_generation_key").on(t.generation)],
);

/**
 * An access review of a named pool: its seat holders unused for 30 days, listed when it starts,
 * each marked keep or remove; finished by hand or at `due_at` by the job leader, when the removals'
 * credentials are revoked in one change. One open review per pool at a time.
 */
export const accessReviews = pgTable(
  "access_reviews",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    poolId: uuid("pool_id")
      .notNull()
      .references(() => licensePools.id, { onDelete: "cascade" }),
    dueAt: ts("due_at").notNull(),
    startedBy: text("started_by").notNull(),
    finishedAt: ts("finished_at"),
    /** Credentials revoked when it finished (null while open). */
    removed: integer("removed"),
    /** The capacity the owner is offered at renewal once it finished (null: no decrease to offer). */
    offeredCapacity: integer("offered_capacity"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("access_reviews_open_pool_key")
      .on(t.poolId)
      .where(sql`${t.finishedAt} is null`),
    index("access_reviews_organization_idx").on(t.organizationId, t.createdAt),
  ],
);

/** A seat holder listed by an access review, with the decision taken (null: none yet, kept at the end). */
export const accessReviewItems = pgTable(
  "access_review_items",
  {
    reviewId: uuid("review_id")
      .notNull()
      .references(() => accessReviews.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    lastUsedAt: ts("last_used_at"),
    /** keep | remove */
    decision: text("decision"),
    /** The manager (a user) the item was assigned to when the review started; null: the owners and admins decide. */
    deciderId: uuid("decider_id").references(() => users.id, { onDelete: "set null" }),
    /** Who took the decision, in words ("Mia Lund via review link", an account's e-mail). */
    decidedBy: text("decided_by"),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);

/**
 * A manager's personal link to an access review: the listed users they manage, decided without a
 * console account. Only the token's SHA-256 is kept; the token is made when the job leader sends
 * the one e-mail (an outbox row: `sending` with a lease until sent, as notification_mails), and
 * works until the review's due date or its end.
 */
export const accessReviewLinks = pgTable(
  "access_review_links",
  {
    reviewId: uuid("review_id")
      .notNull()
      .references(() => accessReviews.id, { onDelete: "cascade" }),
    managerId: uuid("manager_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash"),
    expiresAt: ts("expires_at").notNull(),
    ...mailOutboxColumns(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.managerId] }),
    uniqueIndex("access_review_links_token_hash_key").on(t.tokenHash),
    index("access_review_links_due_idx")
      .on(t.createdAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
  ],
);
