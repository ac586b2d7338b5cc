"use client";

import { AreaError } from "@/components/console/area-error";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Dashboard" digest={error.digest} reset={reset} />;
}
