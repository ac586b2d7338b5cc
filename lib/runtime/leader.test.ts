import { describe, expect, it } from "vitest";
import { postgresOptions } from "@/db/client";
import { env } from "@/lib/env";
import { onPostgres } from "@/lib/testing/db";
import { electLeader, soleLeader } from "./leader";

const until = async (condition: () => boolean, ms: number) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
};

describe("job leader", () => {
  it("is always this process on the embedded database", () => {
    expect(soleLeader.isLeader()).toBe(true);
  });

  it.skipIf(!onPostgres())(
    "is one instance at a time, and another takes over within one check when it stops",
    async () => {
      const url = process.env.DATABASE_URL!;
      const options = postgresOptions(env());
      const a = electLeader(url, options, 200);
      expect(await until(() => a.isLeader(), 2_000)).toBe(true);
      const b = electLeader(url, options, 200);
      const c = electLeader(url, options, 200);
      try {
        // A few checks of each: nobody else becomes leader while a holds the lock.
        expect(await until(() => b.isLeader() || c.isLeader(), 1_000)).toBe(false);
        const handedOver = Date.now();
        await a.stop();
        expect(await until(() => b.isLeader() || c.isLeader(), 2_000)).toBe(true);
        expect(Date.now() - handedOver).toBeLessThan(1_000);
        expect(b.isLeader() && c.isLeader()).toBe(false);
      } finally {
        await Promise.all([a.stop(), b.stop(), c.stop()]);
      }
    },
  );
});
