"use client";

import { AreaError } from "@/components/console/area-error";

export default function OrganizationsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <AreaError area="Organizations" digest={error.digest} reset={reset} />;
}
