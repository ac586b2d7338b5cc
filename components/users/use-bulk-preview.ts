"use client";

import { useEffect, useState } from "react";
import { previewBulkUsersAction } from "@/app/(console)/users/actions";
import type { Impact } from "./licence-impact";

export type BulkChange =
  | { kind: "profile"; profileId: string | null }
  | { kind: "activate" }
  | { kind: "issue" }
  | { kind: "deactivate" }
  | { kind: "revoke" };

export type BulkPreview =
  { state: "idle" } | { state: "loading" } | { state: "ready"; impact: Impact[] } | { state: "error"; error: string };

/** The licence impact of a bulk change, asked of the server whenever the change or the selection changes. */
export function useBulkPreview(organizationId: string, userIds: string[], change: BulkChange | null): BulkPreview {
  const [preview, setPreview] = useState<{ key: string; result: BulkPreview } | null>(null);
  const key = change ? JSON.stringify([change, userIds]) : "";

  useEffect(() => {
    if (!key) return;
    let current = true;
    const [c, ids] = JSON.parse(key) as [BulkChange, string[]];
    void previewBulkUsersAction({ organizationId, userIds: ids, change: c }).then((result) => {
      if (!current) return;
      setPreview({
        key,
        result: result.ok ? { state: "ready", impact: result.data } : { state: "error", error: result.error },
      });
    });
    return () => {
      current = false;
    };
  }, [organizationId, key]);

  if (!key) return { state: "idle" };
  return preview?.key === key ? preview.result : { state: "loading" };
}

/** Whether a preview allows confirming: loaded and no module short. */
export const previewAllows = (p: BulkPreview) => p.state === "ready" && p.impact.every((m) => m.ok);
