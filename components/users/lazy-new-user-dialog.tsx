"use client";

import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";

// The new-user form (Radix dialog, fields, date input) is loaded after the page, so the users
// page's first load stays under 200 KB gzip; until then its button shows, disabled.
const UserFormDialog = dynamic(() => import("./user-form-dialog").then((m) => m.UserFormDialog), {
  ssr: false,
  loading: () => <Button disabled>New user</Button>,
});

export function LazyNewUserDialog({
  organizationId,
  profiles,
}: {
  organizationId: string;
  profiles: { id: string; name: string }[];
}) {
  return <UserFormDialog organizationId={organizationId} profiles={profiles} trigger={<Button>New user</Button>} />;
}
