import "server-only";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireActor, type AccountActor } from "@/lib/auth/session";
import { isUuid } from "@/lib/licensing/input";
import { getOrganization, type OrganizationSummary } from "./queries";

export type SearchParams = Record<string, string | string[] | undefined>;

/** The organization-scoped areas of the console; vendor staff pick an organization for them. */
export const organizationAreas = [
  "/dashboard",
  "/users",
  "/profiles",
  "/directory",
  "/sessions",
  "/devices",
  "/usage",
  "/audit",
  "/denials",
  "/contract",
  "/team",
] as const;
export type OrganizationArea = (typeof organizationAreas)[number];

const organizationId = z.string().uuid();

/**
 * The organization a page shows. Organization-scoped pages take `?org=<id>`: owners and admins
 * always get their own organization (another id answers not-found, SPEC §2 rule 14); vendor
 * staff name one, and without it choose on the organizations page.
 */
export async function requireOrganization(
  searchParams: SearchParams,
  area: OrganizationArea,
): Promise<{ actor: AccountActor; organization: OrganizationSummary }> {
  const actor = await requireActor();
  const raw = searchParams.org;
  const requested = typeof raw === "string" && raw !== "" ? raw : null;

  let id: string;
  if (isVendorStaff(actor)) {
    if (!requested) redirect(`/organizations?next=${encodeURIComponent(area)}`);
    id = requested;
  } else {
    if (!actor.organizationId || (requested && requested !== actor.organizationId)) notFound();
    id = actor.organizationId;
  }
  if (!organizationId.safeParse(id).success || !can(actor, "read", { organizationId: id })) notFound();
  const organization = await getOrganization(getDb(), id);
  if (!organization) notFound();
  return { actor, organization };
}

/** Where a vendor choosing an organization goes next: one of the known areas, never elsewhere. */
export function nextArea(value: string | string[] | undefined): OrganizationArea {
  return organizationAreas.find((a) => a === value) ?? "/dashboard";
}

/**
 * Whose records a CSV export may read: the organization in `requested` (vendor staff) or the
 * actor's own, or `everything` (a vendor-wide list such as org=all or org=vendor) for vendor staff
 * only. Null when the actor may not read them, answered 404 like any unknown organization.
 */
export function exportScope(actor: AccountActor, requested: string | null, everything: string): string | null {
  const scope = isVendorStaff(actor) ? requested : actor.organizationId;
  const readable =
    scope === everything
      ? isVendorStaff(actor)
      : !!scope &&
        isUuid(scope) &&
        (isVendorStaff(actor) || !requested || requested === scope) &&
        can(actor, "read", { organizationId: scope });
  return scope && readable ? scope : null;
}
