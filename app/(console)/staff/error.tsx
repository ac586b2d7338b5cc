"use client";

import { AreaError } from "@/components/console/area-error";

export default function StaffError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Staff" digest={error.digest} reset={reset} />;
}
