import { describe, expect, it } from "vitest";
import { renewalNotices, renewalTimeline, type TimelineContract } from "./renewals";

const now = new Date("2030-05-10T12:00:00Z");
const at = (iso: string) => new Date(iso);
const pool = (moduleName: string, scheduled?: { to: number; on: string }) => ({
  moduleName,
  capacity: 10,
  scheduledCapacity: scheduled?.to ?? null,
  scheduledCapacityAt: scheduled ? at(scheduled.on) : null,
});
const current: TimelineContract = {
  id: "current",
  planName: "Basic",
  startsAt: at("2029-06-01T00:00:00Z"),
  endsAt: at("2030-06-01T00:00:00Z"),
  status: "active",
  pools: [pool("Case Management", { to: 8, on: "2030-06-01T00:00:00Z" })],
};
const renewal: TimelineContract = {
  id: "renewal",
  planName: "Advanced",
  startsAt: at("2030-06-01T00:00:00Z"),
  endsAt: at("2031-06-01T00:00:00Z"),
  status: "upcoming",
  pools: [pool("Case Management")],
};

describe("renewal timeline", () => {
  it("lists start, the last day, the scheduled change and the renewal contract in date order", () => {
    const events = renewalTimeline(current, [current, renewal], "UTC", now);
    expect(events.map((e) => [e.kind, e.day, e.isPast])).toEqual([
      ["start", "2029-06-01", true],
      ["end", "2030-05-31", false],
      ["scheduled", "2030-06-01", false],
      ["renewal", "2030-06-01", false],
    ]);
    expect(events.at(-1)).toMatchObject({ text: "Renewed by Advanced", contractId: "renewal" });
    expect(events[2]!.text).toContain("10 → 8");
  });

  it("says when no renewal exists, and has no end for a perpetual contract", () => {
    expect(renewalTimeline(current, [current], "UTC", now).at(-1)).toMatchObject({
      kind: "renewal",
      text: "No renewal contract yet",
    });
    const perpetual = { ...current, endsAt: null, pools: [] };
    expect(renewalTimeline(perpetual, [perpetual], "UTC", now).map((e) => e.kind)).toEqual(["start"]);
  });
});

describe("renewal notice", () => {
  it("names contracts in force ending within 30 days, with their renewal", () => {
    const notices = renewalNotices([current, renewal], "UTC", now);
    expect(notices).toEqual([
      {
        contractId: "current",
        name: "Basic",
        lastDay: "2030-05-31",
        daysLeft: 22,
        renewal: { contractId: "renewal", name: "Advanced", startsOn: "2030-06-01" },
      },
    ]);
  });

  it("says nothing 31 days ahead, nor for suspended or perpetual contracts", () => {
    const later = new Date("2030-04-30T00:00:00Z");
    expect(renewalNotices([current], "UTC", later)).toEqual([]);
    expect(renewalNotices([{ ...current, status: "suspended" }], "UTC", now)).toEqual([]);
    expect(renewalNotices([{ ...current, endsAt: null }], "UTC", now)).toEqual([]);
  });
});
