import Link from "next/link";
import { boundsText, overSentence, type CapacityPreview, type PoolForPreview } from "./capacity-preview";

/** The consequences of the typed capacity, announced politely as it changes. */
export function CapacityPreviewPanel({
  pool,
  preview,
  holdersHref,
}: {
  pool: PoolForPreview;
  preview: CapacityPreview;
  holdersHref: string;
}) {
  const held = pool.model === "named" ? "users holding a seat" : "seats held by live sessions";
  return (
    <div
      aria-live="polite"
      data-testid="capacity-preview"
      className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm"
    >
      {preview.kind === "invalid" ? (
        <p className="text-slate-600">{preview.message}</p>
      ) : (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-500">In use now</dt>
            <dd className="text-slate-900 tabular-nums">
              {pool.inUse} <span className="text-slate-500">({held})</span>
            </dd>
            <dt className="text-slate-500">New limit</dt>
            <dd className="text-slate-900 tabular-nums">
              {preview.limit}{" "}
              {pool.overagePercent > 0 ? (
                <span className="text-slate-500">
                  (capacity {preview.capacity} + {pool.overagePercent}% overage)
                </span>
              ) : null}
            </dd>
            {preview.isWithinBounds ? (
              <>
                {preview.mustFree > 0 ? (
                  <>
                    <dt className="text-slate-500">Short</dt>
                    <dd className="font-medium text-red-700 tabular-nums">{preview.mustFree} short</dd>
                  </>
                ) : (
                  <>
                    <dt className="text-slate-500">Free after</dt>
                    <dd className="text-slate-900 tabular-nums">{preview.available}</dd>
                  </>
                )}
              </>
            ) : null}
          </dl>
          <p className="mt-2" data-testid="capacity-verdict">
            {preview.kind === "same" ? (
              <span className="text-slate-600">That is the current capacity.</span>
            ) : !preview.isWithinBounds ? (
              <span className="text-red-700">Outside the bounds of this pool ({boundsText(pool)}).</span>
            ) : preview.over.length > 0 ? (
              <span className="text-red-700">
                {overSentence(preview.over)}{" "}
                <Link href={holdersHref} className="font-medium underline underline-offset-2">
                  See who holds them
                </Link>
                . A decrease can instead be scheduled for renewal.
              </span>
            ) : (
              <span className="text-emerald-700">
                Within bounds: the limit goes from {pool.limit} to {preview.limit}.
              </span>
            )}
          </p>
        </>
      )}
    </div>
  );
}
