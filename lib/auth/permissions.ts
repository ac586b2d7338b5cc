import type { Actor } from "@/lib/licensing/actor";

/**
 * What an actor may do (SPEC §2 rule 14). Owners change capacity, API keys and their organization's
 * console accounts (people.manage; vendor staff, target null, are the operators' alone); admins manage
 * users, profiles, credentials, devices and sessions; both manage their directory's SCIM tokens; operators do everything; support staff
 * read every organization and change nothing. Owners and admins act only in their organization.
 */
export type Action =
  | "read"
  | "capacity.change"
  | "apiKeys.manage"
  | "users.manage"
  | "profiles.manage"
  | "devices.manage"
  | "sessions.manage"
  | "organizations.read"
  | "catalogue.manage"
  | "contracts.manage"
  | "tokens.manage"
  | "people.manage"
  | "directory.manage"
  /** Access reviews of named seats: started, decided and finished by owners and admins. */
  | "reviews.manage"
  /** Your own sign-in: second factors, recovery codes. Every account, on itself only. */
  | "account.self"
  /** Requiring a second factor: operators for anyone, owners for their organization. */
  | "mfa.require"
  /** Removing another account's second factors (a lost phone): operators. */
  | "mfa.reset";

export type Target = { organizationId: string | null } | null;

const ownerActions: ReadonlySet<Action> = new Set([
  "read",
  "capacity.change",
  "apiKeys.manage",
  "people.manage",
  "directory.manage",
  "reviews.manage",
  "mfa.require",
]);
const adminActions: ReadonlySet<Action> = new Set([
  "read",
  "users.manage",
  "profiles.manage",
  "devices.manage",
  "sessions.manage",
  "directory.manage",
  "reviews.manage",
]);

export function can(actor: Actor, action: Action, target: Target = null): boolean {
  if (actor.type === "system") return true;
  if (actor.type === "token") return actor.kind === "operator";
  if (action === "account.self") return true;
  switch (actor.role) {
    case "operator":
      return true;
    case "support":
      return action === "read" || action === "organizations.read";
    case "owner":
    case "admin": {
      const allowed = actor.role === "owner" ? ownerActions : adminActions;
      if (!allowed.has(action)) return false;
      // Vendor-wide targets (target null) are never theirs; their own organization always is.
      return target !== null && target.organizationId === actor.organizationId;
    }
  }
}

/** Whether the actor reads across organizations (vendor side). */
export function isVendorStaff(actor: Actor) {
  return actor.type === "account" && (actor.role === "operator" || actor.role === "support");
}
