import type { Metadata } from "next";
import { FocusedMessage } from "@/components/people/focused-message";
import { SignOutEverywhere } from "@/components/console/sign-out-everywhere";
import { ChangePasswordForm } from "@/components/people/change-password-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import type { SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Your account" };

// One card per concern of the signed-in person's own account; further sections (two-factor
// sign-in) are added beside the password's.
export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const { changed } = await searchParams;
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${actor.label} (${actor.role}).`} />
      <div className="space-y-6">
        {changed ? (
          <FocusedMessage message="Your password was changed. Every other browser signed in to this account is signed out." />
        ) : null}
        <Card>
          <CardHeader title="Password" description="Changing it signs this account out of every other browser." />
          <CardBody>
            <ChangePasswordForm email={actor.label} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Signed-in browsers"
            description="Lost a laptop, or signed in on a shared computer? End every session of this account."
          />
          <CardBody>
            <SignOutEverywhere />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
