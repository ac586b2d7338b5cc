"use client";

import { AreaError } from "@/components/console/area-error";

export default function ContractError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Contract" digest={error.digest} reset={reset} />;
}
