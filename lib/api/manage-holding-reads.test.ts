import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { activateDevice } from "@/lib/licensing/activations";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// A contract's live sessions and device activations through the management API: filtered,
// newest first, paged; ended and revoked as the console does it, and never across contracts.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type Session = { id: string; deviceId: string; clientType: string; module: string };
type Activation = { id: string; fingerprint: string; platform: string; leaseState: string };
type Sessions = { sessions: Session[]; nextCursor: string | null };
type Activations = { activations: Activation[]; nextCursor: string | null };

const pools = [
  { module: "cm", model: "concurrent" as const, capacity: 5 },
  { module: "mob", model: "concurrent" as const, capacity: 2, activationsPerLicense: 2, leaseDays: 30 },
];

describe("sessions and activations in the management API", () => {
  it("lists a contract's live sessions with filters and pages, and ends one as the console does", async () => {
    const f = await makeOrganization(db, { pools });
    const devices = ["d1", "d2", "d3"];
    for (const deviceId of devices)
      await openSession(db, f.key, {
        module: f.mod("cm"),
        clientType: deviceId === "d2" ? "web" : "desktop",
        deviceId,
      });
    const path = `/api/v1/manage/contracts/${f.contract.id}/sessions`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Sessions } = await call(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.sessions.map((s) => s.deviceId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...devices].reverse());
    const web = await call<Sessions>(`${path}?clientType=web`);
    expect(web.body.sessions.map((s) => s.deviceId)).toEqual(["d2"]);
    expect((await call<Sessions>(`${path}?deviceId=d3&module=${f.mod("cm")}`)).body.sessions).toHaveLength(1);
    expect((await call<Sessions>(`${path}?module=${f.mod("mob")}`)).body.sessions).toEqual([]);

    const ended = await call<{ ended: boolean }>(`/api/v1/manage/sessions/${web.body.sessions[0]!.id}`, {
      method: "DELETE",
    });
    expect(ended).toMatchObject({ status: 200, body: { ended: true } });
    expect((await call<Sessions>(path)).body.sessions.map((s) => s.deviceId)).toEqual(["d3", "d1"]);
    const again = await call<{ ended: boolean }>(`/api/v1/manage/sessions/${web.body.sessions[0]!.id}`, {
      method: "DELETE",
    });
    expect(again.body.ended).toBe(false);
  });

  it("lists a contract's device activations by platform and lease state, and revokes one", async () => {
    const f = await makeOrganization(db, { pools });
    await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "phone", platform: "mobile" });
    await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "laptop", platform: "desktop" });
    const path = `/api/v1/manage/contracts/${f.contract.id}/activations`;
    const all = await call<Activations>(path);
    expect(all.body.activations.map((a) => [a.fingerprint, a.leaseState])).toEqual([
      ["laptop", "valid"],
      ["phone", "valid"],
    ]);
    const phones = await call<Activations>(`${path}?platform=mobile&state=valid`);
    expect(phones.body.activations.map((a) => a.fingerprint)).toEqual(["phone"]);
    expect((await call<Activations>(`${path}?state=lapsed`)).body.activations).toEqual([]);
    const revoked = await call<{ revoked: boolean }>(`/api/v1/manage/activations/${phones.body.activations[0]!.id}`, {
      method: "DELETE",
    });
    expect(revoked).toMatchObject({ status: 200, body: { revoked: true } });
    expect((await call<Activations>(path)).body.activations.map((a) => a.fingerprint)).toEqual(["laptop"]);
  });

  it("keeps each contract's holdings to itself and answers 404 for what isn't there", async () => {
    const a = await makeOrganization(db, { pools });
    const b = await makeOrganization(db, { pools });
    await openSession(db, b.key, { module: b.mod("cm"), clientType: "desktop", deviceId: "theirs" });
    await activateDevice(db, b.key, { module: b.mod("mob"), fingerprint: "theirs", platform: "mobile" });
    expect((await call<Sessions>(`/api/v1/manage/contracts/${a.contract.id}/sessions`)).body.sessions).toEqual([]);
    expect((await call<Activations>(`/api/v1/manage/contracts/${a.contract.id}/activations`)).body.activations).toEqual(
      [],
    );
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const path of [
      `/api/v1/manage/contracts/${missing}/sessions`,
      `/api/v1/manage/contracts/${missing}/activations`,
      `/api/v1/manage/sessions/${missing}`,
      `/api/v1/manage/activations/${missing}`,
    ])
      expect((await call(path, { method: path.includes("contracts") ? "GET" : "DELETE" })).status, path).toBe(404);
  });

  it("refuses a bad filter with 400 naming the query parameter", async () => {
    const f = await makeOrganization(db, { pools });
    for (const [path, query, name] of [
      ["sessions", "clientType=robot", "clientType"],
      ["sessions", "userId=nope", "userId"],
      ["activations", "state=gone", "state"],
      ["activations", "platform=toaster", "platform"],
      ["activations", "module=Bad%20Key", "module"],
    ]) {
      const res = await call<{ error: { message: string } }>(
        `/api/v1/manage/contracts/${f.contract.id}/${path}?${query}`,
      );
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(new RegExp(`^The query is not valid: .*${name}`));
    }
  });
});
