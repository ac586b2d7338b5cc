"use client";

import { AreaError } from "@/components/console/area-error";

export default function ReviewError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Access review" digest={error.digest} reset={reset} />;
}
