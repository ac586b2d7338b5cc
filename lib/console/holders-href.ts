// Where the holders of one holding of a pool are listed, exactly (SPEC §5 "Who holds"): the users
// holding a named module's seats (seat=yes: users granted the module but holding no seat are not
// holders), the live sessions of a concurrent pool, the live device activations of a pool, and the
// live API sessions using this month's API connects.

export type HoldingKind = "seats" | "sessions" | "activations" | "apiConnects";

export function holdersHref(
  organizationId: string,
  pool: { model: "named" | "concurrent"; module: string; poolId: string },
  kind: HoldingKind = pool.model === "named" ? "seats" : "sessions",
) {
  const params = new URLSearchParams({ org: organizationId });
  if (kind === "seats") {
    params.set("module", pool.module);
    params.set("seat", "yes");
    return `/users?${params}`;
  }
  params.set("pool", pool.poolId);
  if (kind === "activations") {
    params.set("live", "yes");
    return `/devices?${params}`;
  }
  if (kind === "apiConnects") params.set("client", "api");
  return `/sessions?${params}`;
}

export const holdingWords: Record<HoldingKind, { what: string; holders: (moduleName: string) => string }> = {
  seats: { what: "seats", holders: (m) => `See the users holding ${m} seats` },
  sessions: { what: "seats", holders: (m) => `See the live ${m} sessions` },
  activations: { what: "devices", holders: (m) => `See the ${m} devices` },
  apiConnects: { what: "API connects this month", holders: (m) => `See the live ${m} API sessions` },
};
