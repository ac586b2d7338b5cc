"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/**
 * What a console area shows when loading it failed: a sentence and a retry, never the raw error.
 * Production hides the server's error from the browser, so whether the database is the cause is
 * asked of /api/health, which answers within a second either way.
 */
export function AreaError({ area, digest, reset }: { area: string; digest?: string; reset: () => void }) {
  const databaseDown = useDatabaseDown();
  return (
    <Card role="alert" className="px-6 py-10 text-center">
      <h1 className="text-lg font-semibold text-slate-900">
        {databaseDown ? "The database is unreachable" : `${area} could not be loaded`}
      </h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">
        {databaseDown
          ? "Seatkeeper cannot reach its database right now, so nothing can be shown or changed. Try again in a few seconds; nothing you did was lost."
          : "Something went wrong on the server. Try again; if it keeps happening, give support the reference below."}
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-500">Reference {digest}</p> : null}
      <Button className="mt-5" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}

function useDatabaseDown() {
  const [down, setDown] = useState(false);
  useEffect(() => {
    let live = true;
    fetch("/api/health", { cache: "no-store" })
      .then((r) => live && setDown(r.status === 503))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return down;
}
