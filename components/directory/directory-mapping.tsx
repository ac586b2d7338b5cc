import { Card, CardBody, CardHeader } from "@/components/ui/card";

/** How to connect a directory, and what its attributes become here (the same text as the README). */
export function DirectoryMapping({ tenantUrl }: { tenantUrl: string }) {
  return (
    <Card>
      <CardHeader
        title="Connecting your directory"
        description="In Entra ID: Enterprise application › Provisioning › Tenant URL and Secret token. In Okta: the app's Provisioning › SCIM connector base URL, authentication mode HTTP Header."
      />
      <CardBody className="space-y-4 text-sm text-slate-700">
        <p>
          Tenant URL / SCIM base URL: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono">{tenantUrl}</code>,
          with a SCIM token below as the secret (bearer) token. Match users on <code>userName</code>.
        </p>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-900">userName</dt>
          <dd>the username (unique here, compared case-insensitively)</dd>
          <dt className="font-medium text-slate-900">emails (primary)</dt>
          <dd>the email address</dd>
          <dt className="font-medium text-slate-900">externalId</dt>
          <dd>kept as the directory&apos;s own id</dd>
          <dt className="font-medium text-slate-900">active</dt>
          <dd>
            true: status active with credentials issued (the directory owns sign-in); false: inactive, seats freed and
            live sessions ended at once
          </dd>
          <dt className="font-medium text-slate-900">Groups</dt>
          <dd>
            linked to the profile of the same name, or a new profile with no modules that you grant modules to. A user
            in several linked groups gets the profile that comes first in the precedence order on the Profiles page. A
            deleted group unlinks its profile; its members keep it until their next change.
          </dd>
          <dt className="font-medium text-slate-900">DELETE of a user</dt>
          <dd>every seat freed and every live session ended at once</dd>
        </dl>
      </CardBody>
    </Card>
  );
}
