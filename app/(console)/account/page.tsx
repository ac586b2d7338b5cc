import type { Metadata } from "next";
import { FocusedMessage } from "@/components/people/focused-message";
import { SignOutEverywhere } from "@/components/console/sign-out-everywhere";
import { ChangePasswordForm } from "@/components/people/change-password-form";
import { NotificationChoicesForm } from "@/components/notifications/notification-choices-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import type { SearchParams } from "@/lib/console/scope";
import { preferencesOf } from "@/lib/notifications/preferences";

export const metadata: Metadata = { title: "Your account" };

// One card per concern of the signed-in person's own account; further sections (two-factor
// sign-in) are added beside the password's.
export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const { changed } = await searchParams;
  const choices = await preferencesOf(getDb(), actor);
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
        <div id="notifications" className="scroll-mt-6">
          <Card>
            <CardHeader
              title="Notification e-mails"
              description="What you are told by e-mail, and when: immediately, in a daily digest at 08:00 in your organization's time zone, or not at all. Every notice also stays on the Notifications page."
            />
            <CardBody>
              <NotificationChoicesForm choices={choices} />
            </CardBody>
          </Card>
        </div>
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
