"use client";

import { AreaError } from "@/components/console/area-error";

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Audit" digest={error.digest} reset={reset} />;
}
