"use client";

import { AreaError } from "@/components/console/area-error";

export default function AccountError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Account" digest={error.digest} reset={reset} />;
}
