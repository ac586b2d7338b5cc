import ipaddr from "ipaddr.js";

// Where a webhook may be sent, decided on the parsed address (never on its spelling): an IPv6
// address that carries an IPv4 one (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
// 64:ff9b::/96, SIIT, 6to4 2002::/16, Teredo) is judged by the IPv4 address it reaches.

export type AddressKind = "public" | "loopback" | "private";

/** NAT64 for local use (RFC 8215) reaches whatever the local translator chooses. */
const LOCAL_NAT64 = ipaddr.parseCIDR("64:ff9b:1::/48");

export function addressKind(address: string): AddressKind {
  if (!ipaddr.isValid(address)) return "private";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return ipv4Kind(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) return ipv4Kind(embedded);
  if (v6.match(LOCAL_NAT64)) return "private";
  const range = v6.range();
  if (range === "loopback") return "loopback";
  return range === "unicast" ? "public" : "private";
}

function ipv4Kind(v4: ipaddr.IPv4): AddressKind {
  const range = v4.range();
  if (range === "loopback") return "loopback";
  // Everything that is not ordinary unicast: private, carrier-grade NAT, link-local, unspecified
  // (0.0.0.0 reaches this machine), broadcast, multicast, reserved, benchmarking…
  return range === "unicast" ? "public" : "private";
}

/** The IPv4 address an IPv6 address stands for, when it is one of the forms that carry one. */
function embeddedIpv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = v6.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = v6.range();
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") return fromWords(p[6]!, p[7]!);
  if (range === "6to4") return fromWords(p[1]!, p[2]!);
  // Teredo carries the client's address inverted in its last 32 bits.
  if (range === "teredo") return fromWords(~p[6]! & 0xffff, ~p[7]! & 0xffff);
  // IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks); :: and ::1 are not.
  if (p.slice(0, 6).every((w) => w === 0) && (p[6] !== 0 || p[7]! > 1)) return fromWords(p[6]!, p[7]!);
  return null;
}
