import { Badge, type Tone } from "@/components/ui/badge";
import { usageStateLabel, type UsageState } from "@/components/ui/usage-bar";
import { sentenceCase } from "@/lib/console/format";
import type { HoldingState } from "@/lib/licensing/usage";

const tone: Record<UsageState, Tone> = { normal: "success", warning: "warning", full: "warning", over: "danger" };

export function PoolStateBadge({ state }: { state: UsageState }) {
  return <Badge tone={tone[state]}>{sentenceCase(usageStateLabel(state))}</Badge>;
}

const holdingName: Record<HoldingState["kind"], string> = {
  seats: "Seats",
  sessions: "Sessions",
  activations: "Devices",
  apiConnects: "API connects",
};
const holdingStateWords: Record<HoldingState["state"], string> = {
  over: "over limit",
  full: "full",
  warning: "near limit",
};

/** What of a pool is full or near its limit: "Devices full", with the figures on hover and for screen readers. */
export function HoldingBadge({ holding: h }: { holding: HoldingState }) {
  const text = `${holdingName[h.kind]} ${holdingStateWords[h.state]}`;
  return (
    <Badge tone={tone[h.state]} title={`${h.held} of ${h.limit}`}>
      {text}
      <span className="sr-only">
        {" "}
        ({h.held} of {h.limit})
      </span>
    </Badge>
  );
}
