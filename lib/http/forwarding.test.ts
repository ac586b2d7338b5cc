import { describe, expect, it } from "vitest";
import { dropUntrustedForwarding } from "./client-address";

const sent = () => ({
  host: "seatkeeper.example.com",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "http",
  "x-forwarded-for": "203.0.113.9",
  forwarded: "host=evil.example;proto=http",
  "user-agent": "test",
});

describe("forwarding headers", () => {
  it("drops every forwarding header a client sent when no proxy is trusted, and nothing else", () => {
    const headers: Record<string, unknown> = sent();
    dropUntrustedForwarding(headers, false);
    expect(headers).toEqual({ host: "seatkeeper.example.com", "user-agent": "test" });
  });

  it("keeps them behind a trusted proxy (SEATKEEPER_TRUST_PROXY=true)", () => {
    const headers: Record<string, unknown> = sent();
    dropUntrustedForwarding(headers, true);
    expect(headers).toEqual(sent());
  });
});
