"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";
import type { HistoryChartProps } from "./history-chart";

// Loaded in the browser only, on demand: recharts never reaches another page's first load.
const HistoryChart = dynamic(() => import("./history-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-80 w-full" />,
});

export function LazyHistoryChart(props: HistoryChartProps) {
  return <HistoryChart {...props} />;
}
