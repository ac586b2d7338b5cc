import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bucketsOf } from "@/lib/console/history-queries";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// The console's audit log (two views, its filters) and usage history through the management API.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type AuditEvent = { id: number; action: string; targetType: string; targetId: string | null; actorLabel: string };
type Events = { events: AuditEvent[]; nextCursor: string | null };
const pools = [{ module: "cm", model: "concurrent" as const, capacity: 3 }];
const today = () => new Date().toISOString().slice(0, 10);

describe("the audit log in the management API", () => {
  it("reads an organization's changes and activity with the console's filters, paged newest first", async () => {
    const f = await makeOrganization(db, { pools });
    const base = `/api/v1/manage/organizations/${f.organization.id}`;
    const made: string[] = [];
    for (const username of ["ann", "bob", "cy"])
      made.push(
        (
          await call<{ user: { id: string } }>(`${base}/users`, {
            method: "POST",
            body: { username, email: `${username}@audit.test` },
          })
        ).body.user.id,
      );
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "pc" });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Events } = await call(
        `${base}/audit-events?action=user.create&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.events.map((e) => e.targetId ?? ""));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const changes = await call<Events>(`${base}/audit-events?limit=100`);
    expect(changes.body.events.map((e) => e.action)).toContain("contract.create");
    expect(changes.body.events.some((e) => e.action.startsWith("session."))).toBe(false);
    const activity = await call<Events>(`${base}/audit-events?view=activity`);
    expect(activity.body.events.length).toBeGreaterThan(0);
    expect(activity.body.events.every((e) => /^(session|activation)\./.test(e.action))).toBe(true);

    const one = await call<Events>(
      `${base}/audit-events?targetType=user&targetId=${made[1]}&from=${today()}&to=${today()}`,
    );
    expect(one.body.events.map((e) => e.targetId)).toEqual([made[1]]);
    const byActor = await call<Events>(
      `${base}/audit-events?action=user.create&actor=${encodeURIComponent("MANAGE-API")}`,
    );
    expect(byActor.body.events).toHaveLength(3);
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await call<Events>(`${base}/audit-events?to=${yesterday}`)).body.events).toEqual([]);
  });

  it("reads the vendor's own log, keeps organizations' logs apart and refuses bad filters by name", async () => {
    const key = unique("audit-mod")
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, "-");
    await call("/api/v1/manage/modules", { method: "POST", body: { key, name: "Audit Module" } });
    const vendor = await call<Events>(`/api/v1/manage/audit-events?targetType=module&limit=100`);
    expect(vendor.status).toBe(200);
    expect(vendor.body.events.length).toBeGreaterThan(0);

    const a = await makeOrganization(db, { pools });
    const b = await makeOrganization(db, { pools });
    await call(`/api/v1/manage/organizations/${b.organization.id}/users`, {
      method: "POST",
      body: { username: "theirs", email: "theirs@audit.test" },
    });
    const mine = await call<Events>(
      `/api/v1/manage/organizations/${a.organization.id}/audit-events?action=user.create`,
    );
    expect(mine.body.events).toEqual([]);
    expect((await call("/api/v1/manage/organizations/00000000-0000-4000-8000-000000000000/audit-events")).status).toBe(
      404,
    );
    const uuidCursor = Buffer.from(`2026-01-01T00:00:00.000000Z_${a.organization.id}`).toString("base64url");
    for (const [query, name] of [
      ["view=everything", "view"],
      ["from=0000-01-01", "from"],
      ["to=2026-02-31", "to"],
      [`cursor=${uuidCursor}`, "cursor"],
      ["actor=%00", "actor"],
      ["limit=0", "limit"],
    ]) {
      const res = await call<{ error: { message: string } }>(
        `/api/v1/manage/organizations/${a.organization.id}/audit-events?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(new RegExp(`^The query is not valid: .*${name}`));
    }
  });
});

describe("usage history in the management API", () => {
  it("answers the console's series for each range, one point a bucket", async () => {
    const f = await makeOrganization(db, { pools });
    for (const range of ["24h", "30d", "12mo"] as const) {
      const res = await call<{ range: string; pools: { module: string; points: unknown[] }[] }>(
        `/api/v1/manage/organizations/${f.organization.id}/usage-history?range=${range}`,
      );
      expect(res.status, range).toBe(200);
      expect(res.body.range).toBe(range);
      expect(res.body.pools.map((p) => p.module)).toEqual([f.mod("cm")]);
      // The bucket count may step by one if a boundary passes between the answer and this count.
      expect(
        Math.abs(res.body.pools[0]!.points.length - bucketsOf(range, new Date()).length),
        range,
      ).toBeLessThanOrEqual(1);
    }
    const bad = await call<{ error: { message: string } }>(
      `/api/v1/manage/organizations/${f.organization.id}/usage-history?range=7d`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^The query is not valid: .*range/);
  });
});
