"use client";

import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import type { PoolSettingsDialogProps } from "./pool-settings-dialog";

// The pool-settings form is loaded after the page, so the contract page's first load stays under
// 200 KB gzip; until then its button shows, disabled.
const PoolSettingsDialog = dynamic(() => import("./pool-settings-dialog").then((m) => m.PoolSettingsDialog), {
  ssr: false,
  loading: () => (
    <Button variant="secondary" className="px-2 py-1 text-xs" disabled>
      Settings
    </Button>
  ),
});

export function LazyPoolSettingsDialog(props: Omit<PoolSettingsDialogProps, "trigger">) {
  return (
    <PoolSettingsDialog
      {...props}
      trigger={
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          aria-label={`Change settings of ${props.pool.moduleName}`}
        >
          Settings
        </Button>
      }
    />
  );
}
