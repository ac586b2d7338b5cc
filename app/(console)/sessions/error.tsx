"use client";

import { AreaError } from "@/components/console/area-error";

export default function SessionsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Sessions" digest={error.digest} reset={reset} />;
}
