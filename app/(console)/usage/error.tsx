"use client";

import { AreaError } from "@/components/console/area-error";

export default function UsageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Usage" digest={error.digest} reset={reset} />;
}
