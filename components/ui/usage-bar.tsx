import { cx } from "./cx";

export type UsageState = "normal" | "warning" | "full" | "over";

const fill: Record<UsageState, string> = {
  normal: "bg-emerald-500",
  warning: "bg-amber-500",
  full: "bg-orange-600",
  over: "bg-red-600",
};

const stateLabel: Record<UsageState, string> = {
  normal: "within limit",
  warning: "near limit",
  full: "full",
  over: "over limit",
};

/** A bar of `value` against `max`, coloured by the pool's state; over-limit fills completely. */
export function UsageBar({
  value,
  max,
  state,
  label,
}: {
  value: number;
  max: number;
  state: UsageState;
  label: string;
}) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : value > 0 ? 100 : 0;
  return (
    <div
      role="meter"
      aria-label={`${label}: ${value} of ${max}, ${stateLabel[state]}`}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
    >
      <div className={cx("h-full rounded-full transition-[width]", fill[state])} style={{ width: `${percent}%` }} />
    </div>
  );
}

export function usageStateLabel(state: UsageState) {
  return stateLabel[state];
}
