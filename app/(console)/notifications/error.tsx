"use client";

import { AreaError } from "@/components/console/area-error";

export default function NotificationsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <AreaError area="Notifications" digest={error.digest} reset={reset} />;
}
