import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function ConsoleNotFound() {
  return (
    <Card className="px-6 py-12 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Not found</h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">
        This page does not exist, or it belongs to an organization you cannot see.
      </p>
      <ButtonLink href="/dashboard" className="mt-5">
        Go to the dashboard
      </ButtonLink>
    </Card>
  );
}
