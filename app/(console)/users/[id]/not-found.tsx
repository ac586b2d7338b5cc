import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function UserNotFound() {
  return (
    <Card className="px-6 py-12 text-center">
      <h1 className="text-lg font-semibold text-slate-900">User not found</h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">
        This user does not exist, was deleted, or belongs to an organization you cannot see.
      </p>
      <ButtonLink href="/users" className="mt-5">
        Back to users
      </ButtonLink>
    </Card>
  );
}
