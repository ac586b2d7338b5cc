"use client";

import { AreaError } from "@/components/console/area-error";

export default function UsersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Users" digest={error.digest} reset={reset} />;
}
