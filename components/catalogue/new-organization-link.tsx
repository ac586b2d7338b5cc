import { ButtonLink } from "@/components/ui/button";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";

/** The way to create an organization, for the roles that may (operators). */
export async function NewOrganizationLink() {
  const actor = await getActor();
  if (!actor || !can(actor, "catalogue.manage")) return null;
  return (
    <ButtonLink href="/organizations/new" variant="primary">
      New organization
    </ButtonLink>
  );
}
