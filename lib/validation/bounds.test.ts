import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/table";
import { validationFailure } from "@/lib/http/validation-failure";
import { bounds } from "./bounds";
import { contractCreateInput, planCreateInput, poolUpdateInput, sessionOpenInput } from "./licensing";

const failure = (schema: { safeParse: (v: unknown) => { error?: unknown } }, value: unknown) => {
  const { error } = schema.safeParse(value);
  if (!error) throw new Error("expected a refusal");
  return validationFailure(error as Parameters<typeof validationFailure>[0]);
};

describe("rule 22: every number has a bound", () => {
  it("refuses overagePercent 2147483647 with 422 VALUE_OUT_OF_RANGE naming the field and its bounds", () => {
    const f = failure(poolUpdateInput, { overagePercent: 2147483647 });
    expect(f).toMatchObject({
      status: 422,
      code: "VALUE_OUT_OF_RANGE",
      details: { field: "overagePercent", min: 0, max: 1000 },
    });
    expect(f.message).toBe("overagePercent: The overage must be between 0 and 1,000%.");
  });

  it("refuses maxCapacity 2147483648, and a number past the safe integers, as out of range", () => {
    expect(failure(poolUpdateInput, { maxCapacity: 2147483648 })).toMatchObject({
      status: 422,
      details: { field: "maxCapacity", min: 0, max: 1_000_000 },
    });
    expect(failure(poolUpdateInput, { extraApiConnects: 1e20 })).toMatchObject({
      status: 422,
      details: { field: "extraApiConnects", min: 0, max: 100_000_000 },
    });
  });

  it("names the nested field of a contract's pool and the lower bound of the heartbeat", () => {
    const f = failure(contractCreateInput, {
      organizationId: crypto.randomUUID(),
      pools: [{ module: "cm", model: "concurrent", capacity: 1, heartbeatSeconds: 9 }],
    });
    expect(f).toMatchObject({ status: 422, details: { field: "pools.0.heartbeatSeconds", min: 10, max: 86_400 } });
    expect(f.message).toContain("between 10 and 86,400 seconds");
  });

  it("keeps other malformed input at 400 VALIDATION_FAILED: fractions, strings, and a mix with a range error", () => {
    expect(failure(poolUpdateInput, { capacity: 1.5 })).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(failure(poolUpdateInput, { capacity: "3" })).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(failure(poolUpdateInput, { capacity: 2_000_000, overagePercent: "x" })).toMatchObject({ status: 400 });
  });

  it("bounds a session's weight at 1..10,000 and a plan's included capacity at 0..1,000,000", () => {
    const open = { module: "cm", clientType: "integration", deviceId: "erp" };
    expect(sessionOpenInput.safeParse({ ...open, weight: 10_000 }).success).toBe(true);
    expect(failure(sessionOpenInput, { ...open, weight: 10_001 })).toMatchObject({
      details: { field: "weight", max: 10_000 },
    });
    expect(
      failure(planCreateInput, { name: "P", modules: [{ module: "cm", model: "named", includedCapacity: -1 }] }),
    ).toMatchObject({ status: 422, details: { field: "modules.0.includedCapacity", min: 0 } });
  });

  it("accepts every field at its maximum", () => {
    const poolFields = Object.keys(poolUpdateInput.shape).filter((k) => k !== "reservations");
    const pool = Object.fromEntries(poolFields.map((k) => [k, bounds[k as keyof typeof bounds].max]));
    expect(poolFields).toHaveLength(16);
    expect(poolUpdateInput.safeParse(pool).success).toBe(true);
  });

  it("shows the ranges as minimum/maximum in the OpenAPI document", () => {
    const doc = openApiDocument();
    const body = doc.paths?.["/api/v1/manage/contracts/{id}/pools/{module}"]?.patch?.requestBody as {
      content: Record<string, { schema: { properties: Record<string, { minimum?: number; maximum?: number }> } }>;
    };
    const props = body.content["application/json"]!.schema.properties;
    expect(props.overagePercent).toMatchObject({ minimum: 0, maximum: 1000 });
    expect(props.heartbeatSeconds).toMatchObject({ minimum: 10, maximum: 86_400 });
    expect(props.capacity).toMatchObject({ minimum: 0, maximum: 1_000_000 });
    expect(doc.paths?.["/api/v1/sessions"]?.post?.responses?.["422"]).toMatchObject({
      description: expect.stringContaining("VALUE_OUT_OF_RANGE"),
    });
  });
});
