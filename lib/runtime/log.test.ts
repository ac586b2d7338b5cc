import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/testing/db";
import { errorFields, redactQueryErrors } from "./log";

describe("errors printed by Next.js", () => {
  it("never show a failed query's parameters once redacted, and other errors are printed as they are", async () => {
    const db = await testDb();
    const secret = `sk_live_${Math.random().toString(36).slice(2)}`;
    const failed = await db.execute(sql`select ${secret}::int`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String((failed as Error).message)).toContain(secret); // drizzle puts it in the message

    const printed: unknown[][] = [];
    const target = { error: (...a: unknown[]) => printed.push(a), warn: (...a: unknown[]) => printed.push(a) };
    redactQueryErrors(target);
    target.error("⨯", failed);
    target.warn(failed);
    const other = new Error("plain");
    target.error(other);

    expect(JSON.stringify(printed.slice(0, 2))).not.toContain(secret);
    expect(String(printed[0]![1])).toContain("invalid input syntax");
    expect(printed[0]![0]).toBe("⨯");
    expect(printed[2]![0]).toBe(other);
  });
});

describe("errors described for a log line", () => {
  it("reach what was thrown through Auth.js's { err } cause, not '[object Object]'", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const wrapped = new Error("Read more at https://errors.authjs.dev#callbackrouteerror", {
      cause: { err: refused, provider: "credentials" },
    });
    expect(errorFields(wrapped).error).toEqual({
      type: "Error",
      code: "ECONNREFUSED",
      message: "connect ECONNREFUSED 127.0.0.1:5432",
    });
  });
});
