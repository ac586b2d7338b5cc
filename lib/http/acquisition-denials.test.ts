import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { denials } from "@/db/schema";
import { createApiApp } from "@/lib/api/app";
import type { Database } from "@/db/client";
import { createApiKey } from "@/lib/licensing/tokens";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";

// Rule 24 at the HTTP edge: acquisitions refused before the engine runs still write their denial.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function tenant() {
  const f = await makeOrganization(db, { pools: [{ module: "arch", model: "concurrent", capacity: 2 }] });
  const { secret } = await createApiKey(db, testOperator, f.contract.id, "denials");
  const app = createApiApp({ db: () => db });
  const call = (path: string, body: string | null) =>
    app.fetch(
      new Request(`http://localhost/api/v1/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body,
      }),
    );
  const denialRows = () =>
    db
      .select()
      .from(denials)
      .where(
        and(
          eq(denials.organizationId, f.organization.id),
          inArray(denials.code, [
            "VALIDATION_FAILED",
            "VALUE_OUT_OF_RANGE",
            "SESSION_NOT_FOUND",
            "ACTIVATION_NOT_FOUND",
          ]),
        ),
      )
      .orderBy(denials.id);
  return { ...f, call, denialRows };
}

describe("rule 24: a refused acquisition is recorded whatever the input", () => {
  it("answers 400 for a NUL or lone surrogate in a session or activation body, and writes the denial", async () => {
    const t = await tenant();
    const open = { module: t.mod("arch"), clientType: "desktop", deviceId: "pc-1", username: "bob" };
    for (const field of ["module", "clientType", "deviceId", "username"]) {
      const res = await t.call("sessions", JSON.stringify({ ...open, [field]: `x\u0000` }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    }
    const lone = await t.call(
      "activations",
      `{"module":"${t.mod("arch")}","fingerprint":"fp\\ud800","platform":"mobile"}`,
    );
    expect(lone.status).toBe(400);
    const rows = await t.denialRows();
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatchObject({ kind: "session", code: "VALIDATION_FAILED", deviceId: "x", username: "bob" });
    expect(rows[0]).toMatchObject({ poolId: null, deviceId: "pc-1" });
    expect(rows[1]).toMatchObject({ poolId: t.pool("arch").id, deviceId: "pc-1" });
    expect(rows[4]).toMatchObject({ kind: "activation", deviceId: "fp\ufffd", poolId: t.pool("arch").id });
  });

  it("records malformed JSON, an out-of-range weight and ids that are no ids", async () => {
    const t = await tenant();
    expect((await t.call("sessions", "{not json")).status).toBe(400);
    const weight = await t.call(
      "sessions",
      JSON.stringify({ module: t.mod("arch"), clientType: "integration", deviceId: "erp", weight: 10_001 }),
    );
    expect(weight.status).toBe(422);
    expect(await weight.json()).toMatchObject({
      error: { code: "VALUE_OUT_OF_RANGE", field: "weight", min: 1, max: 10_000 },
    });
    expect((await t.call(`sessions/${encodeURIComponent("no-such\u0000id")}/heartbeat`, null)).status).toBe(404);
    expect((await t.call("activations/nope/refresh", null)).status).toBe(404);
    expect((await t.denialRows()).map((d) => [d.kind, d.code])).toEqual([
      ["session", "VALIDATION_FAILED"],
      ["session", "VALUE_OUT_OF_RANGE"],
      ["session", "SESSION_NOT_FOUND"],
      ["activation", "ACTIVATION_NOT_FOUND"],
    ]);
  });
});
