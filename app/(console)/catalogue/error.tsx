"use client";

import { AreaError } from "@/components/console/area-error";

export default function CatalogueError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Catalogue" digest={error.digest} reset={reset} />;
}
