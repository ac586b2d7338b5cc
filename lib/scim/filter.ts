import { parse, type Filter } from "scim2-parse-filter";
import { invalidFilter } from "./errors";

// The filters directories send to find what they provisioned (RFC 7644 §3.4.2.2): equality on the
// attributes they match on, joined with `and`. scim2-parse-filter reads the grammar; this narrows
// it to what the service answers, and anything else is a 400 invalidFilter naming what it is.

export type FilterAttribute = "id" | "userName" | "externalId" | "email" | "displayName";
export type Equality = { attribute: FilterAttribute; value: string };

/** Attribute paths (compared case-insensitively, as RFC 7643 §2.1 says) per resource type. */
const ATTRIBUTES: Record<"User" | "Group", Record<string, FilterAttribute>> = {
  User: {
    id: "id",
    username: "userName",
    externalid: "externalId",
    "emails.value": "email",
    emails: "email",
    "urn:ietf:params:scim:schemas:core:2.0:user:username": "userName",
  },
  Group: {
    id: "id",
    displayname: "displayName",
    externalid: "externalId",
    "urn:ietf:params:scim:schemas:core:2.0:group:displayname": "displayName",
  },
};

/** The equalities a filter asks for, all of which must hold; null when there is no filter. */
export function parseFilter(resource: "User" | "Group", text: string | undefined): Equality[] | null {
  if (text === undefined || text.trim() === "") return null;
  let ast: Filter;
  try {
    ast = parse(text);
  } catch {
    throw invalidFilter(`The filter ${JSON.stringify(text)} cannot be read.`);
  }
  return equalities(resource, ast, text);
}

function equalities(resource: "User" | "Group", f: Filter, text: string): Equality[] {
  if (f.op === "and") return f.filters.flatMap((inner) => equalities(resource, inner, text));
  // emails[value eq "…"] is the same question as emails.value eq "…".
  if (f.op === "[]" && f.valFilter.op === "eq" && f.valFilter.attrPath.toLowerCase() === "value")
    return equalities(resource, { ...f.valFilter, attrPath: `${f.attrPath}.value` }, text);
  if (f.op !== "eq")
    throw invalidFilter(
      `The filter ${JSON.stringify(text)} uses "${f.op}"; this service answers "eq" comparisons joined with "and".`,
    );
  const attribute = ATTRIBUTES[resource][f.attrPath.toLowerCase()];
  if (!attribute)
    throw invalidFilter(
      `${resource}s cannot be filtered by "${f.attrPath}"; use ${Object.values(ATTRIBUTES[resource])
        .filter((a, i, all) => all.indexOf(a) === i)
        .map((a) => (a === "email" ? "emails.value" : a))
        .join(", ")}.`,
    );
  if (typeof f.compValue !== "string")
    throw invalidFilter(`The filter compares "${f.attrPath}" with ${JSON.stringify(f.compValue)}; give a string.`);
  return [{ attribute, value: f.compValue }];
}
