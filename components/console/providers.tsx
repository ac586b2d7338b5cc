"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type CSSProperties } from "react";
import { Toaster } from "sonner";

/**
 * Client-side providers of the console: TanStack Query for live data (polling pauses in a
 * background tab by default) and the toast outlet for action results, bottom-right so a toast
 * never covers the header's Sign out.
 */
export function ConsoleProviders({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true, retry: 1 } } }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      {/* Sonner's green on its pale green measures 4.25:1; a darker green meets WCAG AA's 4.5:1. */}
      <Toaster
        position="bottom-right"
        richColors
        closeButton
        style={{ "--success-text": "#166534" } as CSSProperties}
      />
    </QueryClientProvider>
  );
}
