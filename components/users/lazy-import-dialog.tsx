"use client";

import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";

// The CSV import (file reading, row report) is loaded after the page, so the users page's first
// load stays under 200 KB gzip; until then its button shows, disabled.
const ImportDialog = dynamic(() => import("./import-dialog").then((m) => m.ImportDialog), {
  ssr: false,
  loading: () => (
    <Button variant="secondary" disabled>
      Import CSV
    </Button>
  ),
});

export function LazyImportDialog({ organizationId }: { organizationId: string }) {
  return <ImportDialog organizationId={organizationId} />;
}
