import { Badge, type Tone } from "@/components/ui/badge";
import { usageStateLabel, type UsageState } from "@/components/ui/usage-bar";
import { sentenceCase } from "@/lib/console/format";

const tone: Record<UsageState, Tone> = { normal: "success", warning: "warning", full: "warning", over: "danger" };

export function PoolStateBadge({ state }: { state: UsageState }) {
  return <Badge tone={tone[state]}>{sentenceCase(usageStateLabel(state))}</Badge>;
}
