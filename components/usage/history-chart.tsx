"use client";

import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { HistoryPoint } from "@/lib/console/history-queries";
import type { UsageRange } from "@/lib/reports/ranges";

// recharts is large: this file is only ever loaded through lazy-history-chart.tsx, on the usage page.

const tickFormat: Record<UsageRange, Intl.DateTimeFormat> = {
  "24h": new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" }),
  "30d": new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }),
  "12mo": new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "2-digit" }),
};
const tooltipFormat: Record<UsageRange, Intl.DateTimeFormat> = {
  "24h": new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }),
  "30d": new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }),
  "12mo": new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }),
};

export type HistoryChartProps = { range: UsageRange; points: HistoryPoint[]; capacity: number; label: string };

export default function HistoryChart({ range, points, capacity, label }: HistoryChartProps) {
  // Capacity of buckets without samples is today's, so the limit line runs the whole width.
  const data = points.map((p) => ({ ...p, capacity: p.capacity ?? capacity }));
  const tick = (t: string) => tickFormat[range].format(new Date(t));
  const tooltipLabel = (t: unknown) => (typeof t === "string" ? `${tooltipFormat[range].format(new Date(t))} UTC` : "");
  const hasDenials = points.some((p) => p.denials > 0);
  return (
    <div className="space-y-2">
      <div className="h-56 w-full" role="img" aria-label={`${label}: peak and average in use against capacity`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={32} tick={{ fontSize: 11, fill: "#64748b" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
            <Tooltip labelFormatter={tooltipLabel} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area
              type="monotone"
              dataKey="avg"
              name="Average in use"
              stroke="#6366f1"
              fill="#c7d2fe"
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              type="monotone"
              dataKey="peak"
              name="Peak in use"
              stroke="#0f766e"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              type="stepAfter"
              dataKey="capacity"
              name="Capacity"
              stroke="#dc2626"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="h-24 w-full" role="img" aria-label={`${label}: denials over time`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis
              dataKey="t"
              tickFormatter={tick}
              minTickGap={32}
              tick={{ fontSize: 11, fill: "#64748b" }}
              hide={!hasDenials}
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
            <Tooltip labelFormatter={tooltipLabel} />
            <Bar dataKey="denials" name="Denials" fill="#f87171" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
