"use client";

import { AreaError } from "@/components/console/area-error";

export default function ProfilesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Profiles" digest={error.digest} reset={reset} />;
}
