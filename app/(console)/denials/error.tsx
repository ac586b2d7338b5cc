"use client";

import { AreaError } from "@/components/console/area-error";

export default function DenialsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Denials" digest={error.digest} reset={reset} />;
}
