import "server-only";
import { and, eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import type { AccountActor } from "@/lib/auth/session";
import { LicensingError } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { getDelivery } from "@/lib/webhooks/delivery-log";
import { getWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { getOrganization } from "./queries";
import { organizationAreas } from "./scope";

/** `/catalogue/webhooks/<endpoint>` and `…/deliveries/<delivery>`: the endpoint, and the delivery among its own. */
async function webhookPageTargetExists([endpointId, sub, deliveryId, ...more]: string[]) {
  if (more.length > 0 || (sub !== undefined && (sub !== "deliveries" || !deliveryId))) return false;
  try {
    if (deliveryId) await getDelivery(getDb(), endpointId!, deliveryId);
    else await getWebhookEndpoint(getDb(), endpointId!);
    return true;
  } catch (e) {
    if (e instanceof LicensingError && e.code === "NOT_FOUND") return false;
    throw e;
  }
}

/**
 * SPEC §5: a not-found console page answers HTTP 404. Pages stream behind their loading state, so
 * a page's own notFound() comes after the status was sent (200). The console layout, which
 * renders before any loading state, runs this check first with the same rules as the pages
 * (rule 14: another organization's objects are not found, like unknown ids); the pages keep theirs.
 */
export async function assertPageTargetExists(actor: AccountActor, pageUrl: string | null) {
  if (!pageUrl) return;
  const url = new URL(pageUrl, "http://console");
  const [, area, id, ...rest] = url.pathname.split("/");
  const path = `/${area}`;
  // The vendor's own areas don't exist for an organization's people (rule 14: no hint either).
  if ((area === "organizations" || area === "catalogue") && !can(actor, "organizations.read", null)) notFound();
  if (area === "catalogue" && id === "webhooks" && rest.length > 0) {
    if (!(await webhookPageTargetExists(rest))) notFound();
    return;
  }
  if (area === "organizations" && id && rest.length === 0 && id !== "new") {
    if (!isUuid(id) || !(await getOrganization(getDb(), id))) notFound();
    return;
  }
  if (!organizationAreas.some((a) => a === path)) return;
  const requested = url.searchParams.get("org") || null;
  // Every organization's denials, the vendor's own audit log: vendor staff only.
  const isVendorWide = (path === "/denials" && requested === "all") || (path === "/audit" && requested === "vendor");
  if (isVendorWide) {
    if (!isVendorStaff(actor)) notFound();
    return;
  }
  const organizationId = isVendorStaff(actor) ? requested : actor.organizationId;
  if (isVendorStaff(actor) && !requested) return; // the page sends them to choose one
  if (!isVendorStaff(actor) && requested && requested !== actor.organizationId) notFound();
  if (!organizationId || !isUuid(organizationId) || !can(actor, "read", { organizationId })) notFound();
  const db = getDb();
  if (!(await getOrganization(db, organizationId))) notFound();
  if (path === "/users" && id && id !== "export" && rest.length === 0) {
    if (!isUuid(id)) notFound();
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, id), eq(users.organizationId, organizationId)));
    if (!user) notFound();
  }
}
