import { and, eq, isNull, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceActivations, licensePools, sessions, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { licenseView } from "@/lib/http/views";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { activateDevice, refreshActivation, revokeActivation } from "./activations";
import { updateContract, updatePool } from "./contracts";
import { isLicensingError } from "./errors";
import { borrowLimit, sessionBorrowedAt } from "./holdings/borrowed-seats";
import { sessionLimit } from "./holdings/session-weights";
import { borrowSession, returnBorrow } from "./borrows";
import { createProfile } from "./profiles";
import { closeSession } from "./sessions/close";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { createUser, updateUser } from "./users";
import { VENDOR } from "./input";

// Issue 12 point 10: random sequences of operations against a small model of SPEC §2, checking
// after every step that counters equal rows, no pool is above its limit, nothing is live that lost
// its licence (rules 18, 21) and the API's licence view reports what the rows say. Fixed seed in
// CI; FC_SEED picks another, FC_RUNS runs longer.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USERS = ["ann", "bob", "cy"] as const;
type Op =
  | { op: "open"; user: number | null }
  | { op: "heartbeat" | "close" | "expire"; at: number }
  | { op: "activate"; fp: number }
  | { op: "refresh" | "revoke" | "lapse"; at: number }
  | { op: "capacity"; to: number }
  | { op: "suspend" | "resume" }
  | { op: "deactivate" | "reactivate" | "unprofile" | "profile"; user: number }
  | { op: "idle"; at: number; minutes: number }
  | { op: "reserve"; reserved: number; max: number | null }
  | { op: "borrow"; at: number; hours: number }
  | { op: "return"; at: number };

const user = fc.integer({ min: 0, max: USERS.length - 1 });
const at = fc.nat(20);
const ops: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("open" as const), user: fc.option(user, { nil: null }) }), weight: 5 },
  fc.record({ op: fc.constantFrom("heartbeat" as const, "close" as const, "expire" as const), at }),
  { arbitrary: fc.record({ op: fc.constant("activate" as const), fp: fc.nat(5) }), weight: 2 },
  fc.record({ op: fc.constantFrom("refresh" as const, "revoke" as const, "lapse" as const), at }),
  fc.record({ op: fc.constant("capacity" as const), to: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constantFrom("suspend" as const, "resume" as const) }),
  fc.record({
    op: fc.constantFrom("deactivate" as const, "reactivate" as const, "unprofile" as const, "profile" as const),
    user,
  }),
  // Rule 25: idle heartbeats on a pool with a 15-minute idle timeout, and reservations for the profile.
  fc.record({ op: fc.constant("idle" as const), at, minutes: fc.integer({ min: 0, max: 30 }) }),
  fc.record({
    op: fc.constant("reserve" as const),
    reserved: fc.integer({ min: 0, max: 4 }),
    max: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  }),
  // Rule 25: borrowing (up to 24 h, 34 % of the capacity), returning; "expire" runs a borrow out.
  {
    arbitrary: fc.record({ op: fc.constant("borrow" as const), at, hours: fc.integer({ min: 1, max: 30 }) }),
    weight: 2,
  },
  fc.record({ op: fc.constant("return" as const), at }),
);

async function scenario(steps: Op[]) {
  const f = await makeOrganization(db, {
    pools: [{ module: "cc", model: "concurrent", capacity: 3, minCapacity: 0, activationsPerLicense: 1 }],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, { name: "P", modules: [f.mod("cc")] });
  await updatePool(
    db,
    testOperator,
    f.contract.id,
    f.mod("cc"),
    {
      idleTimeoutMinutes: 15,
      maxBorrowHours: 24,
      borrowPercent: 34,
    },
    VENDOR,
  );
  const ids: string[] = [];
  for (const username of USERS)
    ids.push(
      (
        await createUser(db, testOperator, f.organization.id, {
          username,
          email: `${username}@example.com`,
          profileId: profile.id,
          credentials: "issued",
        })
      ).id,
    );
  // The model: what SPEC §2 says should be true, updated only by what the engine accepted.
  const model = {
    suspended: false,
    capacity: 3,
    reserved: 0,
    capped: false,
    holds: USERS.map(() => ({ active: true, profile: true })),
  };
  const opened: string[] = [];
  const activated: string[] = [];
  const lent: string[] = [];
  const pick = (list: string[], i: number) => list[i % Math.max(1, list.length)];
  const refusedWith = async (p: Promise<unknown>) => {
    try {
      await p;
      return null;
    } catch (e) {
      if (!isLicensingError(e)) throw e;
      return e.code;
    }
  };

  for (const step of steps) {
    switch (step.op) {
      case "idle": {
        const id = pick(opened, step.at);
        if (!id) break;
        const code = await refusedWith(heartbeatSession(db, f.key, id, { idleSeconds: step.minutes * 60 }));
        const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
        if (code === null) expect(row!.endedAt).toBeNull();
        else expect(code).toBe("SESSION_NOT_FOUND");
        // A borrowed seat is used offline: idleness does not reclaim it (rule 25).
        if (code === null && step.minutes > 15 && !row!.borrowedUntil)
          throw new Error("a session idle past the timeout was kept");
        break;
      }
      case "borrow": {
        const id = pick(opened, step.at);
        if (!id) break;
        const [before] = await db.select().from(sessions).where(eq(sessions.id, id));
        const live = before!.endedAt === null && before!.expiresAt > new Date();
        const borrowedNow = await liveBorrowedSeats(f.pool("cc").id);
        const limit = borrowLimit({ capacity: model.capacity, borrowPercent: 34 });
        const code = await refusedWith(
          borrowSession(db, f.key, id, { hours: step.hours }).then((b) => lent.push(b.id)),
        );
        const expected = !live
          ? "SESSION_NOT_FOUND"
          : before!.borrowedUntil
            ? "SESSION_ALREADY_BORROWED"
            : step.hours > 24
              ? "VALUE_OUT_OF_RANGE"
              : model.suspended
                ? "CONTRACT_INACTIVE"
                : borrowedNow + before!.seatsHeld > limit
                  ? "BORROW_LIMIT_REACHED"
                  : null;
        expect(code).toBe(expected);
        if (code === null) expect(await liveBorrowedSeats(f.pool("cc").id)).toBeLessThanOrEqual(limit);
        break;
      }
      case "return": {
        const id = pick(lent, step.at);
        if (id) expect(await refusedWith(returnBorrow(db, f.key, id))).toBeNull();
        break;
      }
      case "reserve": {
        const code = await refusedWith(
          updatePool(
            db,
            testOperator,
            f.contract.id,
            f.mod("cc"),
            {
              reservations: [{ profileId: profile.id, reserved: step.reserved, max: step.max }],
            },
            VENDOR,
          ),
        );
        const fits = step.reserved <= model.capacity && (step.max === null || step.max >= step.reserved);
        expect(code).toBe(fits ? null : "INVALID");
        if (fits) Object.assign(model, { reserved: step.reserved, capped: step.max !== null });
        break;
      }
      case "open": {
        const liveBefore = (await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse;
        const holds = step.user === null || (model.holds[step.user]!.active && model.holds[step.user]!.profile);
        const expected = model.suspended
          ? "CONTRACT_INACTIVE"
          : !holds
            ? null // a rule-9 refusal: its code depends on which condition fails
            : liveBefore + 1 > sessionLimit({ capacity: model.capacity, overagePercent: 0 })
              ? "SESSION_LIMIT_REACHED"
              : model.reserved > 0 || model.capped
                ? "maybe" // reservations and caps decide (their counters are checked by the invariants)
                : "ok";
        try {
          const s = await openSession(db, f.key, {
            module: f.mod("cc"),
            clientType: "desktop",
            deviceId: `d${opened.length}`,
            username: step.user === null ? undefined : USERS[step.user],
          });
          opened.push(s.id);
          expect(["ok", "maybe"]).toContain(expected);
        } catch (e) {
          if (!isLicensingError(e)) throw e;
          if (expected === "maybe") expect(e.code).toBe("SESSION_LIMIT_REACHED");
          else if (expected !== null) expect(e.code).toBe(expected);
        }
        break;
      }
      case "heartbeat":
      case "close":
      case "expire": {
        const id = pick(opened, step.at);
        if (!id) break;
        if (step.op === "heartbeat") {
          const beat = await heartbeatSession(db, f.key, id).catch(() => null);
          const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
          // A borrowed seat keeps its borrow's end, whatever the heartbeat (rule 25).
          if (beat && row!.borrowedUntil) expect(beat.expiresAt.getTime()).toBe(row!.borrowedUntil.getTime());
        } else if (step.op === "close") await refusedWith(closeSession(db, f.key, id));
        else
          await db
            .update(sessions)
            .set({ expiresAt: sql`now() - interval '1 second'` })
            .where(eq(sessions.id, id));
        break;
      }
      case "activate": {
        const code = await refusedWith(
          activateDevice(db, f.key, { module: f.mod("cc"), fingerprint: `fp${step.fp}`, platform: "mobile" }).then(
            (a) => activated.push(a.activation.id),
          ),
        );
        if (model.suspended) expect(code).toBe("CONTRACT_INACTIVE");
        break;
      }
      case "refresh":
      case "revoke":
      case "lapse": {
        const id = pick(activated, step.at);
        if (!id) break;
        if (step.op === "refresh") {
          const code = await refusedWith(refreshActivation(db, f.key, id));
          if (model.suspended) expect(["CONTRACT_INACTIVE", "ACTIVATION_NOT_FOUND"]).toContain(code);
        } else if (step.op === "revoke") await refusedWith(revokeActivation(db, testOperator, id, VENDOR));
        else
          await db
            .update(deviceActivations)
            .set({ leaseExpiresAt: sql`now() - interval '4 days'` })
            .where(eq(deviceActivations.id, id));
        break;
      }
      case "capacity": {
        const code = await refusedWith(
          updatePool(db, testOperator, f.contract.id, f.mod("cc"), { capacity: step.to }, VENDOR),
        );
        if (code === null) model.capacity = step.to;
        else if (step.to < model.reserved) expect(code).toBe("INVALID");
        else expect(code).toBe("CAPACITY_BELOW_USAGE");
        break;
      }
      case "suspend":
      case "resume":
        await updateContract(
          db,
          testOperator,
          f.contract.id,
          {
            status: step.op === "suspend" ? "suspended" : "active",
          },
          VENDOR,
        );
        model.suspended = step.op === "suspend";
        break;
      default: {
        const patch =
          step.op === "deactivate"
            ? { status: "inactive" as const }
            : step.op === "reactivate"
              ? { status: "active" as const }
              : { profileId: step.op === "profile" ? profile.id : null };
        const code = await refusedWith(updateUser(db, testOperator, ids[step.user]!, patch, VENDOR));
        if (code === null) {
          const h = model.holds[step.user]!;
          if (step.op === "deactivate" || step.op === "reactivate") h.active = step.op === "reactivate";
          else h.profile = step.op === "profile";
        }
      }
    }
    await invariants(f.contract.id, f.pool("cc").id, model.suspended);
  }
}

/** Seats borrowed now by the read-time rule (open, borrowed, not past their end). */
async function liveBorrowedSeats(poolId: string) {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int` })
    .from(sessions)
    .where(and(eq(sessions.poolId, poolId), sessionBorrowedAt(sessions, sql`clock_timestamp()`)));
  return Number(row!.n);
}

async function invariants(contractId: string, poolId: string, suspended: boolean) {
  const [pool] = await db.select().from(licensePools).where(eq(licensePools.id, poolId));
  const [open] = await db
    .select({ held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int`, n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(eq(sessions.poolId, poolId), isNull(sessions.endedAt)));
  const [devices] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deviceActivations)
    .where(and(eq(deviceActivations.poolId, poolId), isNull(deviceActivations.endedAt)));
  expect(pool!.sessionsHeld).toBe(Number(open!.held));
  // Rule 25: the seats held per profile equal the live rows while the pool has reservations.
  if (pool!.reservations) {
    const perProfile = await db
      .select({ profile: sessions.reservedProfileId, held: sql<number>`sum(${sessions.seatsHeld})::int` })
      .from(sessions)
      .where(and(eq(sessions.poolId, poolId), isNull(sessions.endedAt)))
      .groupBy(sessions.reservedProfileId);
    const truth = Object.fromEntries(perProfile.filter((r) => r.profile).map((r) => [r.profile!, Number(r.held)]));
    const counted = Object.fromEntries(Object.entries(pool!.reservedHeld).filter(([, n]) => n !== 0));
    expect(counted).toEqual(truth);
  }
  expect(pool!.activationsHeld).toBe(Number(devices!.n));
  // Rule 25: the borrowed counter equals the open borrowed rows, and a borrow never outlives its end.
  const [lentRows] = await db
    .select({
      held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int`,
      late: sql<number>`count(*) filter (where ${sessions.expiresAt} > ${sessions.borrowedUntil})::int`,
    })
    .from(sessions)
    .where(and(eq(sessions.poolId, poolId), isNull(sessions.endedAt), sql`${sessions.borrowedUntil} is not null`));
  expect(pool!.borrowedHeld).toBe(Number(lentRows!.held));
  expect(Number(lentRows!.late)).toBe(0);

  const [usage] = await poolUsages(db, { contractId });
  expect(usage!.inUse).toBeLessThanOrEqual(usage!.limit);
  expect(usage!.activations.inUse).toBeLessThanOrEqual(usage!.activations.limit);
  const api = await licenseView(db, contractId);
  expect(api.pools[0]).toMatchObject({ inUse: usage!.inUse, activations: usage!.activations, limit: usage!.limit });

  if (suspended) expect(Number(open!.n)).toBe(0);
  // Rule 18: no open session of a user who holds no seat.
  const [orphans] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.poolId, poolId),
        isNull(sessions.endedAt),
        sql`(${users.status} <> 'active' or ${users.profileId} is null)`,
      ),
    );
  expect(Number(orphans!.n)).toBe(0);
}

describe("the licence lifecycle under random operations (SPEC §2)", () => {
  it("keeps counters equal to rows, every pool within its limits and nothing live without its licence", async () => {
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261202;
    const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 8;
    await fc.assert(
      fc.asyncProperty(fc.array(ops, { minLength: 5, maxLength: 25 }), (steps) => scenario(steps)),
      { seed, numRuns },
    );
  });
});
