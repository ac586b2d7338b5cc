import { describe, expect, it } from "vitest";
import { fieldChanges } from "./audit-diff";

describe("the fields an audit event changed", () => {
  it("leaves out the fields that stayed the same", () => {
    expect(
      fieldChanges(
        { status: "active", credentials: "none", email: "a@example.com" },
        { status: "active", credentials: "issued", email: "a@example.com" },
      ),
    ).toEqual([{ field: "credentials", kind: "changed", before: "none", after: "issued" }]);
  });

  it("compares nested values by content, not key order", () => {
    expect(fieldChanges({ modules: { a: 1, b: 2 } }, { modules: { b: 2, a: 1 } })).toEqual([]);
    expect(fieldChanges({ modules: ["a"] }, { modules: ["a", "b"] })).toEqual([
      { field: "modules", kind: "changed", before: ["a"], after: ["a", "b"] },
    ]);
  });

  it("tells a field set by the change from one it removed", () => {
    expect(fieldChanges(null, { name: "Drafters" })).toEqual([{ field: "name", kind: "set", after: "Drafters" }]);
    expect(fieldChanges({ name: "Drafters" }, null)).toEqual([{ field: "name", kind: "removed", before: "Drafters" }]);
  });
});
