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

// Both charts share these (and a band scale on the time axis, which the bars need), so their
// time ticks line up under each other.
const margin = { top: 8, right: 12, bottom: 0, left: 0 };
const axisTick = { fontSize: 11, fill: "#475569" };
const yAxisWidth = 36;

type DotProps = { cx?: number; cy?: number; index?: number };

/**
 * A dot only where a sample stands alone (no sampled neighbour), so a one-sample series, which
 * draws no line, is still seen.
 */
function isolatedDot(values: (number | null)[], color: string) {
  const IsolatedDot = ({ cx, cy, index = 0 }: DotProps) => {
    const alone = values[index] !== null && values[index - 1] == null && values[index + 1] == null;
    if (!alone || cx === undefined || cy === undefined) return <g key={index} />;
    return <circle key={index} cx={cx} cy={cy} r={3} fill={color} stroke={color} data-testid="sample-dot" />;
  };
  return IsolatedDot;
}

export default function HistoryChart({ range, points, capacity, label }: HistoryChartProps) {
  // Capacity of buckets without samples is today's, so the limit line runs the whole width.
  const data = points.map((p) => ({ ...p, capacity: p.capacity ?? capacity }));
  const tick = (t: string) => tickFormat[range].format(new Date(t));
  const tooltipLabel = (t: unknown) => (typeof t === "string" ? `${tooltipFormat[range].format(new Date(t))} UTC` : "");
  return (
    <div className="space-y-2">
      <div className="h-56 w-full" role="img" aria-label={`${label}: peak and average in use against capacity`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={margin}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" scale="band" tickFormatter={tick} minTickGap={32} tick={axisTick} />
            <YAxis allowDecimals={false} tick={axisTick} width={yAxisWidth} />
            <Tooltip labelFormatter={tooltipLabel} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area
              type="monotone"
              dataKey="avg"
              name="Average in use"
              stroke="#6366f1"
              fill="#c7d2fe"
              dot={isolatedDot(
                data.map((p) => p.avg),
                "#6366f1",
              )}
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              type="monotone"
              dataKey="peak"
              name="Peak in use"
              stroke="#0f766e"
              strokeWidth={2}
              dot={isolatedDot(
                data.map((p) => p.peak),
                "#0f766e",
              )}
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
      <div className="relative h-24 w-full" role="img" aria-label={`${label}: denials over time`}>
        {data.every((d) => !d.denials) ? (
          // A flat zero line alone reads like a chart that failed to load: say there is nothing.
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-600">
            No denials in this period
          </p>
        ) : null}
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={margin}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" scale="band" tickFormatter={tick} minTickGap={32} tick={axisTick} />
            {/* At least 0–1, so a range without denials keeps its axis and a flat zero line. */}
            <YAxis
              allowDecimals={false}
              tick={axisTick}
              width={yAxisWidth}
              domain={[0, (max: number) => Math.max(1, max)]}
            />
            <Tooltip labelFormatter={tooltipLabel} />
            <Bar dataKey="denials" name="Denials" fill="#f87171" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
