"use client";

import { AreaError } from "@/components/console/area-error";

export default function DevicesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Devices" digest={error.digest} reset={reset} />;
}
