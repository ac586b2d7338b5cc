"use client";

import { AreaError } from "@/components/console/area-error";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <AreaError area="This page" digest={error.digest} reset={reset} />
    </main>
  );
}
