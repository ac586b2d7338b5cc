"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** What a console area shows when loading it failed: a sentence and a retry, never the raw error. */
export function AreaError({ area, digest, reset }: { area: string; digest?: string; reset: () => void }) {
  return (
    <Card role="alert" className="px-6 py-10 text-center">
      <h1 className="text-lg font-semibold text-slate-900">{area} could not be loaded</h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">
        Something went wrong on the server. Try again; if it keeps happening, give support the reference below.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-500">Reference {digest}</p> : null}
      <Button className="mt-5" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
