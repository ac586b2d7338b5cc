// Every audit action there is, with what its row's `before` and `after` hold. Writers are checked
// against it (recordAudit, auditInsertSql) and readers switch on it (the webhook feed), so renaming
// or adding an action is a compile error wherever the action is written or read. Payloads that
// code reads are spelled out; the rest are read by people only (the audit page and its export).

/** What a row's `before` and `after` hold. */
type Payload<Before, After> = { before?: Before; after?: After };
/** Read by people only: no code depends on its shape. */
type ForPeople = Payload<unknown, unknown>;

/** A user as audit rows show them: what decides their named seat (rule 1), and where the change came from. */
export type UserAuditView = {
  username: string;
  status?: string;
  credentials?: string;
  validTo?: string | null;
  profileId?: string | null;
  managerId?: string | null;
  email?: string | null;
  externalId?: string | null;
  via?: string;
  sessionsEnded?: number;
};
/** A user of a bulk change, with their views before and after (null when absent). */
export type UserAuditChange = { id: string; before: UserAuditView | null; after: UserAuditView | null };
/** A named-seat holder listed by a profile's row. */
export type SeatHolder = { id: string; username: string };

type SessionView = { deviceId: string; clientType: string; weight: number };
type Capacity = { capacity?: number | null };

/** What an access review finished with: revocations, decisions left open (kept) and the decrease offered. */
export type AccessReviewOutcome = {
  module: string;
  moduleName: string;
  removed: SeatHolder[];
  kept: number;
  offeredCapacity: number | null;
  finishedBy: "hand" | "due date";
};

export type AuditPayloads = {
  "accessReview.decide": Payload<
    { decision: string | null },
    { userId: string; username: string; decision: string; decidedBy: string; via?: "review link" }
  >;
  "accessReview.finish": Payload<never, AccessReviewOutcome>;
  "accessReview.start": Payload<never, { poolId: string; module: string; dueAt: string; users: SeatHolder[] }>;
  "account.create": ForPeople;
  "account.remove": ForPeople;
  "account.role_change": ForPeople;
  "activation.create": Payload<never, { fingerprint: string; platform?: string | null } & Record<string, unknown>>;
  "activation.lapse": Payload<{ fingerprint: string; leaseExpiresAt?: unknown }, never>;
  "activation.release": Payload<{ fingerprint: string; offline?: boolean }, never>;
  "activation.renew": ForPeople;
  "activation.revoke": Payload<{ fingerprint: string; platform?: string | null }, never>;
  "apiKey.create": ForPeople;
  "apiKey.revoke": ForPeople;
  "borrow.create": Payload<
    never,
    { borrowId: string; hours: number; expiresAt: string; deviceId: string; username: string | null }
  >;
  "borrow.expire": Payload<{ borrowId?: string }, never>;
  "borrow.return": Payload<{ borrowId: string }, never>;
  "borrow.revoke": Payload<{ borrowId: string; expiresAt: string }, never>;
  "contract.create": Payload<never, object>;
  "contract.update": Payload<Record<string, unknown>, Record<string, unknown>>;
  "directoryGroup.create": ForPeople;
  "directoryGroup.delete": ForPeople;
  "directoryGroup.members": ForPeople;
  "directoryGroup.update": ForPeople;
  "invitation.accept": ForPeople;
  "invitation.create": ForPeople;
  "invitation.revoke": ForPeople;
  "mfa.passkey.register": ForPeople;
  "mfa.passkey.remove": ForPeople;
  "mfa.recovery_code.use": ForPeople;
  "mfa.recovery_codes.regenerate": ForPeople;
  "mfa.requirement.change": ForPeople;
  "mfa.reset": ForPeople;
  "mfa.totp.enrol": ForPeople;
  "mfa.totp.remove": ForPeople;
  "module.create": ForPeople;
  "module.rename": ForPeople;
  "organization.create": ForPeople;
  "organization.update": ForPeople;
  "password.change": ForPeople;
  "password.reset": ForPeople;
  "password.reset_link": ForPeople;
  "password.reset_mail": ForPeople;
  "plan.create": ForPeople;
  "plan.update": ForPeople;
  "pool.scheduleDecrease": ForPeople;
  "pool.scheduledDecreaseApplied": Payload<Capacity, Capacity>;
  "pool.scheduledDecreaseChanged": ForPeople;
  "pool.scheduledDecreaseCancelled": ForPeople;
  "pool.scheduledDecreaseRefused": Payload<{ scheduledCapacity: number }, { capacity: number; inUse: number }>;
  "pool.update": Payload<Record<string, unknown> & Capacity, Record<string, unknown> & Capacity>;
  "profile.create": ForPeople;
  "profile.delete": Payload<{ name: string; members: number; modules: string[]; seatHolders: SeatHolder[] }, never>;
  "profile.precedence": ForPeople;
  "profile.update": Payload<
    { name: string; modules: string[] },
    { name: string; modules: string[]; seatHolders: SeatHolder[] }
  >;
  /** A console action refused for the actor's role (the refusal itself, not a change). */
  refused: ForPeople;
  "scimToken.create": ForPeople;
  "scimToken.revoke": ForPeople;
  "session.close": Payload<never, never>;
  "session.end": Payload<SessionView, never>;
  "session.expire": Payload<never, never>;
  "session.idle": Payload<never, never>;
  "session.open": Payload<
    never,
    { module: string; clientType: string; deviceId: string; username: string | null; weight: number }
  >;
  "session.seatRevoked": Payload<never, never>;
  "token.create": ForPeople;
  "token.revoke": ForPeople;
  "user.bulkUpdate": Payload<never, { change: unknown; userIds: string[]; users: UserAuditChange[] }>;
  "user.create": Payload<never, UserAuditView>;
  "user.delete": Payload<UserAuditView, { sessionsEnded: number; via: string }>;
  "user.import": Payload<never, { created: number; skipped?: number; users: (UserAuditView & { id: string })[] }>;
  "user.update": Payload<UserAuditView, UserAuditView>;
  /** Auto-reclaim: a named seat holder's credentials revoked after the pool's days unused. */
  "user.reclaim": Payload<UserAuditView, UserAuditView & { poolId: string; days: number; lastUsedAt: string | null }>;
  "webhook.create": ForPeople;
  "webhook.delete": ForPeople;
  "webhook.disable": ForPeople;
  "webhook.redeliver": ForPeople;
  "webhook.update": ForPeople;
};

export type AuditAction = keyof AuditPayloads;
