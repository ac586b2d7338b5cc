import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function OrganizationNotFound() {
  return (
    <Card className="px-6 py-10 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Organization not found</h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">It does not exist, or it is not yours to see.</p>
      <ButtonLink href="/organizations" className="mt-5">
        All organizations
      </ButtonLink>
    </Card>
  );
}
