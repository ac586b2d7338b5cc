import { parse } from "scim2-parse-filter";
import { invalidValue, ScimError } from "./errors";
import type { PatchOperation } from "./input";

// PATCH of a group (RFC 7644 §3.5.2) as Entra ID and Okta send it: displayName and externalId
// replaced with or without a path, members added or removed by a list of values, and a member
// removed by a path filter (`members[value eq "…"]`). Applied to the group's state in memory; the
// caller writes the result in one transaction, so five operations are all or nothing.

export type GroupState = { displayName: string; externalId: string | null; memberIds: Set<string> };

const invalidPath = (path: string) =>
  new ScimError(
    400,
    `The path "${path}" is not one a group has; use displayName, externalId or members.`,
    "invalidPath",
  );

/** `urn:…:Group:displayName` and `displayName` are one attribute; names compare case-insensitively. */
const attribute = (path: string) =>
  (path.startsWith("urn:") ? path.slice(path.lastIndexOf(":") + 1) : path).toLowerCase();

function memberValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const v = typeof m === "object" && m !== null ? (m as { value?: unknown }).value : undefined;
    if (typeof v !== "string") throw invalidValue('Each member must be an object with a "value" (a user id).');
    return v.toLowerCase();
  });
}

/** The member ids a `members[value eq "…"]` path names (or several joined with `or`). */
function filteredMembers(path: string): string[] {
  let ast;
  try {
    ast = parse(path);
  } catch {
    throw new ScimError(400, `The path "${path}" cannot be read.`, "invalidPath");
  }
  if (ast.op !== "[]" || attribute(ast.attrPath) !== "members") throw invalidPath(path);
  const values = (f: typeof ast.valFilter): string[] => {
    if (f.op === "or") return f.filters.flatMap(values);
    if (f.op === "eq" && f.attrPath.toLowerCase() === "value" && typeof f.compValue === "string")
      return [f.compValue.toLowerCase()];
    throw new ScimError(400, `The path "${path}" must select members by value eq "…".`, "invalidFilter");
  };
  return values(ast.valFilter);
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw invalidValue(`${what} must be text.`);
  return value;
}

function applyOne(state: GroupState, { op, path, value }: PatchOperation) {
  if (path === undefined) {
    if (op === "remove") throw new ScimError(400, "A remove operation needs a path.", "noTarget");
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw invalidValue("An operation without a path needs an object value.");
    for (const [key, v] of Object.entries(value)) {
      if (attribute(key) === "id") continue;
      applyOne(state, { op, path: key, value: v });
    }
    return;
  }
  if (path.includes("[")) {
    if (op !== "remove")
      throw new ScimError(400, `Only remove may select members by a filter ("${path}").`, "invalidPath");
    for (const id of filteredMembers(path)) state.memberIds.delete(id);
    return;
  }
  switch (attribute(path)) {
    case "displayname":
      if (op === "remove") throw new ScimError(400, "A group's displayName cannot be removed.", "mutability");
      state.displayName = text(value, "displayName");
      return;
    case "externalid":
      state.externalId = op === "remove" ? null : text(value, "externalId");
      return;
    case "members":
      if (op === "add") for (const id of memberValues(value)) state.memberIds.add(id);
      else if (op === "replace") state.memberIds = new Set(memberValues(value ?? []));
      else if (value === undefined) state.memberIds.clear();
      else for (const id of memberValues(value)) state.memberIds.delete(id);
      return;
    default:
      throw invalidPath(path);
  }
}

/** The group after the operations, applied in order; the first that cannot apply refuses them all. */
export function applyGroupPatch(before: GroupState, operations: PatchOperation[]): GroupState {
  const state = { ...before, memberIds: new Set(before.memberIds) };
  for (const operation of operations) applyOne(state, operation);
  return state;
}
