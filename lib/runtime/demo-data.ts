// The demo, modelled on the source documents in SPEC's seeds/: an ecoDMS-like archive sold as
// concurrent connections with mobile activations and API connects (000), ERP.net-like session
// plans (001), an AM-System-like law firm with named seats per module granted by profiles (002),
// and an EQuIS/CodeMeter-like engineering firm with named licences bound to devices and servers
// (003, 004). Dates are given as days from today so the demo never goes stale.
import type { AccountRole, DevicePlatform, PoolModel } from "@/db/schema";

export const demoModules = [
  { key: "case-management", name: "Case Management" },
  { key: "documents", name: "Document Management" },
  { key: "archive", name: "Archive" },
  { key: "erp", name: "ERP Core" },
  { key: "field-app", name: "Field App" },
  { key: "enterprise", name: "Enterprise Server" },
] as const;

export type DemoModuleKey = (typeof demoModules)[number]["key"];

export type DemoPlan = {
  name: string;
  description: string;
  /** The list prices' currency; prices are minor units (cents) per licence per month. */
  currency: string;
  modules: {
    key: DemoModuleKey;
    model: PoolModel;
    includedCapacity: number;
    maxCapacity: number;
    pricePerLicense: number;
  }[];
};

export const demoPlans: DemoPlan[] = [
  {
    name: "Small Business Basic",
    description: "ERP for small teams: 3 concurrent sessions included, up to 35.",
    currency: "EUR",
    modules: [{ key: "erp", model: "concurrent", includedCapacity: 3, maxCapacity: 35, pricePerLicense: 3_900 }],
  },
  {
    name: "Small Business Advanced",
    description: "ERP for growing teams: 5 concurrent sessions included, up to 35.",
    currency: "EUR",
    modules: [{ key: "erp", model: "concurrent", includedCapacity: 5, maxCapacity: 35, pricePerLicense: 3_500 }],
  },
];

export type DemoPool = {
  module: DemoModuleKey;
  model: PoolModel;
  capacity: number;
  minCapacity: number;
  maxCapacity: number;
  activationsPerLicense?: number;
  extraActivations?: number;
  apiConnectsPerLicense?: number;
  leaseDays?: number;
  /** Minor units (cents, øre) of the contract's currency per licence per month. */
  pricePerLicense?: number;
};

export type DemoContract = {
  plan?: string;
  /** Days from today; a renewal contract starts where the one it renews ends. Default: today. */
  startsInDays?: number;
  endsInDays: number | null;
  currency?: string;
  /** No key for a contract not yet in force (the simulator would only be refused). */
  apiKeyName?: string;
  pools: DemoPool[];
};

export type DemoUser = {
  username: string;
  profile: string | null;
  status?: "active" | "inactive";
  credentials?: "none" | "issued" | "revoked";
  /** Days from today; negative = already past. */
  validToInDays?: number;
};

export type DemoActivation = {
  module: DemoModuleKey;
  fingerprint: string;
  platform: DevicePlatform;
  name: string;
  username?: string;
};

export type DemoOrganization = {
  /** IANA zone of its dates (rule 20). */
  timeZone: string;
  name: string;
  siteId: string;
  emailDomain: string;
  contracts: DemoContract[];
  profiles: { name: string; modules: DemoModuleKey[] }[];
  users: DemoUser[];
  activations: DemoActivation[];
};

const northwind: DemoOrganization = {
  name: "Northwind Archive",
  siteId: "NW-1001",
  timeZone: "America/Chicago",
  emailDomain: "northwind.test",
  contracts: [
    {
      endsInDays: null,
      currency: "EUR",
      apiKeyName: "Northwind archive clients",
      pools: [
        // ecoDMS: a licence is one simultaneous connection, one free mobile activation per
        // licence, 10 API connects per licence per month.
        {
          module: "archive",
          model: "concurrent",
          capacity: 5,
          minCapacity: 1,
          maxCapacity: 100,
          activationsPerLicense: 1,
          apiConnectsPerLicense: 10,
          pricePerLicense: 2_450,
        },
      ],
    },
    {
      // Ends within 30 days with no renewal yet: the dashboard says so.
      plan: "Small Business Basic",
      endsInDays: 21,
      apiKeyName: "Northwind ERP clients",
      pools: [{ module: "erp", model: "concurrent", capacity: 3, minCapacity: 3, maxCapacity: 35 }],
    },
  ],
  profiles: [
    { name: "Archive staff", modules: ["archive"] },
    { name: "Back office", modules: ["archive", "erp"] },
  ],
  users: [
    { username: "anna.keller", profile: "Back office", credentials: "issued" },
    { username: "ben.okafor", profile: "Back office", credentials: "issued" },
    { username: "clara.voss", profile: "Archive staff", credentials: "issued" },
    { username: "david.lund", profile: "Archive staff", credentials: "issued" },
    { username: "emma.schulz", profile: "Archive staff", credentials: "issued" },
    { username: "felix.brandt", profile: "Archive staff", credentials: "none" },
    { username: "greta.hahn", profile: "Back office", status: "inactive", credentials: "revoked" },
  ],
  activations: [
    {
      module: "archive",
      fingerprint: "nw-mobile-anna-7f3a",
      platform: "mobile",
      name: "Anna's phone",
      username: "anna.keller",
    },
    {
      module: "archive",
      fingerprint: "nw-mobile-clara-21bc",
      platform: "mobile",
      name: "Clara's tablet",
      username: "clara.voss",
    },
  ],
};

// AM System: one licence per module the profile grants, consumed once credentials are issued.
// Consumption: Case Management 9 of 10 (at the warning threshold), Document Management 5 of 6.
const fjord: DemoOrganization = {
  name: "Fjord Legal",
  siteId: "FJ-2001",
  timeZone: "Europe/Oslo",
  emailDomain: "fjord-legal.test",
  contracts: [
    {
      endsInDays: 200,
      currency: "NOK",
      apiKeyName: "Fjord desktop clients",
      pools: [
        {
          module: "case-management",
          model: "named",
          capacity: 10,
          minCapacity: 5,
          maxCapacity: 50,
          pricePerLicense: 49_000,
        },
        { module: "documents", model: "named", capacity: 6, minCapacity: 3, maxCapacity: 50, pricePerLicense: 29_000 },
      ],
    },
  ],
  profiles: [
    { name: "Case handlers", modules: ["case-management"] },
    { name: "Full access", modules: ["case-management", "documents"] },
    { name: "Seasonal — no modules", modules: [] },
  ],
  users: [
    // Consuming both modules.
    { username: "ingrid.berg", profile: "Full access", credentials: "issued" },
    { username: "lars.haugen", profile: "Full access", credentials: "issued" },
    { username: "sofie.dahl", profile: "Full access", credentials: "issued" },
    { username: "magnus.strand", profile: "Full access", credentials: "issued", validToInDays: 120 },
    { username: "nora.lie", profile: "Full access", credentials: "issued" },
    // Consuming Case Management only.
    { username: "olav.moen", profile: "Case handlers", credentials: "issued" },
    { username: "kari.nilsen", profile: "Case handlers", credentials: "issued", validToInDays: 30 },
    { username: "erik.bakke", profile: "Case handlers", credentials: "issued" },
    { username: "hanna.solberg", profile: "Case handlers", credentials: "issued" },
    // Holding no seat: no credentials, inactive, revoked, past validTo, no modules or no profile.
    { username: "jonas.aas", profile: "Full access", credentials: "none" },
    { username: "marte.lunde", profile: "Full access", status: "inactive", credentials: "issued" },
    { username: "per.eide", profile: "Case handlers", credentials: "revoked" },
    { username: "silje.holm", profile: "Case handlers", credentials: "revoked" },
    { username: "tor.vik", profile: "Case handlers", credentials: "issued", validToInDays: -10 },
    { username: "vilde.ruud", profile: "Case handlers", credentials: "none" },
    { username: "aksel.fosse", profile: "Case handlers", credentials: "none" },
    { username: "emil.sand", profile: "Case handlers", status: "inactive", credentials: "issued" },
    { username: "ida.myhre", profile: "Case handlers", status: "inactive", credentials: "none" },
    { username: "sara.tangen", profile: "Seasonal — no modules", credentials: "issued", validToInDays: 60 },
    { username: "mats.hagen", profile: "Seasonal — no modules", credentials: "issued", validToInDays: 60 },
    { username: "thea.brekke", profile: "Seasonal — no modules", credentials: "issued" },
    { username: "sander.foss", profile: "Seasonal — no modules", credentials: "issued" },
    { username: "julie.aune", profile: "Seasonal — no modules", status: "inactive", credentials: "none" },
    { username: "henrik.lyng", profile: null, credentials: "issued" },
    { username: "maja.tveit", profile: null, credentials: "none" },
  ],
  activations: [],
};

// EQuIS: named Active Client Access Licences plus server licences identified by a numeric server
// ID; CodeMeter: licences bound to a device fingerprint and leased for offline use.
const basalt: DemoOrganization = {
  name: "Basalt Engineering",
  siteId: "BE-3001",
  timeZone: "Australia/Sydney",
  emailDomain: "basalt.test",
  contracts: [
    {
      endsInDays: 365,
      currency: "AUD",
      apiKeyName: "Basalt workstations and servers",
      pools: [
        {
          module: "enterprise",
          model: "named",
          capacity: 8,
          minCapacity: 3,
          maxCapacity: 100,
          extraActivations: 3,
          leaseDays: 30,
          pricePerLicense: 12_000,
        },
        {
          module: "field-app",
          model: "named",
          capacity: 5,
          minCapacity: 1,
          maxCapacity: 50,
          activationsPerLicense: 1,
          leaseDays: 14,
          pricePerLicense: 4_500,
        },
      ],
    },
  ],
  profiles: [
    { name: "Engineers", modules: ["enterprise", "field-app"] },
    { name: "Viewers", modules: ["enterprise"] },
  ],
  users: [
    { username: "r.castillo", profile: "Engineers", credentials: "issued" },
    { username: "m.tanaka", profile: "Engineers", credentials: "issued" },
    { username: "j.osei", profile: "Engineers", credentials: "issued" },
    { username: "l.novak", profile: "Viewers", credentials: "issued" },
    { username: "p.silva", profile: "Viewers", credentials: "issued", validToInDays: 90 },
    { username: "k.meyer", profile: "Viewers", status: "inactive", credentials: "issued" },
  ],
  activations: [
    {
      module: "enterprise",
      fingerprint: "483920175564012384661027",
      platform: "server",
      name: "Enterprise server (Oslo)",
    },
    {
      module: "enterprise",
      fingerprint: "902113847265530019284736",
      platform: "server",
      name: "Enterprise server (Bergen)",
    },
    {
      module: "field-app",
      fingerprint: "cm-desktop-castillo-4411",
      platform: "desktop",
      name: "Castillo workstation",
      username: "r.castillo",
    },
    {
      module: "field-app",
      fingerprint: "cm-mobile-tanaka-9c02",
      platform: "mobile",
      name: "Tanaka field tablet",
      username: "m.tanaka",
    },
  ],
};

export const demoOrganizations: DemoOrganization[] = [northwind, fjord, basalt];

export type DemoAccount = { role: AccountRole; email: string; password: string; organization: string | null };

/** The demo's console accounts, one per role. These sign-ins are printed and used by e2e tests. */
export const demoAccounts: DemoAccount[] = [
  { role: "operator", email: "operator@seatkeeper.test", password: "demo-operator-1", organization: null },
  { role: "support", email: "support@seatkeeper.test", password: "demo-support-1", organization: null },
  { role: "owner", email: "owner@fjord.test", password: "demo-owner-1", organization: "Fjord Legal" },
  { role: "admin", email: "admin@fjord.test", password: "demo-admin-1", organization: "Fjord Legal" },
];

/**
 * The demo users holding a seat of a named module (rule 1 as the demo loads them): whom
 * `npm run simulate` opens that pool's sessions as. Empty for an organization not of the demo.
 */
export function demoSeatHolders(organization: string | undefined, module: string): string[] {
  const org = demoOrganizations.find((o) => o.name === organization);
  if (!org) return [];
  const grants = new Map(org.profiles.map((p) => [p.name, p.modules as readonly string[]]));
  return org.users
    .filter(
      (u) =>
        u.credentials === "issued" &&
        (u.status ?? "active") === "active" &&
        (u.validToInDays === undefined || u.validToInDays >= 0) &&
        u.profile !== null &&
        grants.get(u.profile)?.includes(module),
    )
    .map((u) => u.username);
}
