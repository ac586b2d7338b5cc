import { describe, expect, it } from "vitest";
import { sessionIdleSeconds } from "./floating-notice";

const now = new Date("2026-03-01T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe("how long a session is shown idle", () => {
  it("is null while the client reports no idleness", () => {
    expect(sessionIdleSeconds({ idleSince: null, startedAt: ago(30) }, now)).toBeNull();
  });

  it("counts from the reported start of idleness within the session's life", () => {
    expect(sessionIdleSeconds({ idleSince: ago(8), startedAt: ago(30) }, now)).toBe(8 * 60);
  });

  it("is never longer than the session's age, however long the machine was idle before", () => {
    expect(sessionIdleSeconds({ idleSince: ago(8), startedAt: ago(2) }, now)).toBe(2 * 60);
  });
});
