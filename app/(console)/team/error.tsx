"use client";

import { AreaError } from "@/components/console/area-error";

export default function TeamError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Team" digest={error.digest} reset={reset} />;
}
