import type { DirectoryGroup, User } from "@/db/schema";
import { invalidValue, ScimError } from "./errors";

// How users and groups look in SCIM (RFC 7643 §4): what Seatkeeper keeps of them, each with its
// `meta.version` (a weak ETag of the row's last change) for If-Match.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** RFC 7643 §4.3: the enterprise extension, whose `manager` is the one of its attributes kept here. */
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const versionOf = (updatedAt: Date) => `W/"${updatedAt.getTime().toString(36)}"`;

/** RFC 7644 §3.14: a write with If-Match proceeds only on the version it names. */
export function assertVersion(updatedAt: Date, ifMatch: string | null) {
  if (ifMatch === null || ifMatch.trim() === "*") return;
  const wanted = ifMatch.split(",").map((v) => v.trim());
  if (!wanted.includes(versionOf(updatedAt)))
    throw new ScimError(412, `The resource changed since version ${ifMatch}; read it again and retry.`);
}

type Meta = {
  resourceType: "User" | "Group";
  created: string;
  lastModified: string;
  location: string;
  version: string;
};

const meta = (
  resourceType: Meta["resourceType"],
  row: { id: string; createdAt: Date; updatedAt: Date },
  base: string,
) => ({
  resourceType,
  created: row.createdAt.toISOString(),
  lastModified: row.updatedAt.toISOString(),
  location: `${base}/${resourceType}s/${row.id}`,
  version: versionOf(row.updatedAt),
});

export type GroupRef = { id: string; displayName: string };
export type MemberRef = { id: string; username: string };

export type ScimUser = {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  displayName: string;
  active: boolean;
  emails: { value: string; type: string; primary: boolean }[];
  groups: { value: string; display: string; $ref: string }[];
  [ENTERPRISE_SCHEMA]?: { manager: { value: string; $ref: string } };
  meta: Meta;
};

export type ScimGroup = {
  schemas: string[];
  id: string;
  externalId?: string;
  displayName: string;
  members: { value: string; display: string; $ref: string }[];
  meta: Meta;
};

export function userResource(user: User, groups: GroupRef[], base: string): ScimUser {
  return {
    schemas: user.managerId ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: user.id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.username,
    displayName: user.username,
    active: user.status === "active",
    emails: [{ value: user.email, type: "work", primary: true }],
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}` })),
    ...(user.managerId
      ? { [ENTERPRISE_SCHEMA]: { manager: { value: user.managerId, $ref: `${base}/Users/${user.managerId}` } } }
      : {}),
    meta: meta("User", user, base),
  };
}

export function groupResource(group: DirectoryGroup, members: MemberRef[], base: string): ScimGroup {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    members: members.map((m) => ({ value: m.id, display: m.username, $ref: `${base}/Users/${m.id}` })),
    meta: meta("Group", group, base),
  };
}

/** Always returned whatever `attributes` or `excludedAttributes` say (RFC 7643 §7 "returned: always"). */
const ALWAYS = new Set(["id", "schemas", "meta"]);

/** An attribute name without its schema URN, lower-cased: `urn:…:User:userName` and `username` are one. */
function attributeKey(path: string) {
  const withoutUrn = path.startsWith("urn:") ? path.slice(path.lastIndexOf(":") + 1) : path;
  return withoutUrn.split(".")[0]!.toLowerCase();
}

const names = (list: string | undefined) =>
  (list ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean)
    .map(attributeKey);

/** RFC 7644 §3.9: `attributes` keeps only the named top-level attributes, `excludedAttributes` drops them. */
export function project<T extends object>(
  resource: T,
  query: { attributes?: string; excludedAttributes?: string },
): Partial<T> {
  const only = names(query.attributes);
  const without = new Set(names(query.excludedAttributes));
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const k = key.toLowerCase();
      if (ALWAYS.has(k)) return true;
      if (only.length > 0) return only.includes(k);
      return !without.has(k);
    }),
  ) as Partial<T>;
}

/** The `active` directories send: a boolean, or Entra ID's "True"/"False" strings. */
export function readActive(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw invalidValue(`"active" must be true or false, not ${JSON.stringify(value)}.`);
}
