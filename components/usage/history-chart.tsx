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
import { capacityLine, roundTicks, timeTick } from "./chart-scale";

// recharts is large: this file is only ever loaded through lazy-history-chart.tsx, on the usage page.

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

export type HistoryChartProps = {
  range: UsageRange;
  points: HistoryPoint[];
  capacity: number;
  contractStartsAt: string;
  label: string;
};

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

/** An empty chart says so in words over its axes: a flat line alone reads like one that failed to load. */
function EmptyNote({ children }: { children: string }) {
  return (
    <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-600">
      {children}
    </p>
  );
}

export default function HistoryChart({ range, points, capacity, contractStartsAt, label }: HistoryChartProps) {
  const line = capacityLine(points, capacity, contractStartsAt);
  const data = points.map((p, i) => ({ ...p, capacity: line[i] }));
  const usageTicks = roundTicks(Math.max(...data.map((p) => Math.max(p.peak ?? 0, p.capacity ?? 0))));
  const denialTicks = roundTicks(Math.max(...data.map((p) => p.denials)), 2);
  const sampled = data.some((p) => p.peak !== null);
  const tick = (t: string) => timeTick(range, t);
  const tooltipLabel = (t: unknown) => (typeof t === "string" ? `${tooltipFormat[range].format(new Date(t))} UTC` : "");
  return (
    <div className="space-y-2">
      <div
        className="relative h-56 w-full"
        role="img"
        aria-label={`${label}: peak and average in use against capacity${sampled ? "" : ", no samples in this period"}`}
      >
        {sampled ? null : <EmptyNote>No samples in this period</EmptyNote>}
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={margin}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" scale="band" tickFormatter={tick} minTickGap={32} tick={axisTick} />
            <YAxis
              tick={axisTick}
              width={yAxisWidth}
              ticks={usageTicks}
              domain={[0, usageTicks.at(-1)!]}
              interval={0}
            />
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
      <div
        className="relative h-24 w-full"
        role="img"
        aria-label={`${label}: denials over time${data.some((d) => d.denials) ? "" : ", none in this period"}`}
      >
        {data.some((d) => d.denials) ? null : <EmptyNote>No denials in this period</EmptyNote>}
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={margin}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" scale="band" tickFormatter={tick} minTickGap={32} tick={axisTick} />
            {/* At least 0–1, so a range without denials keeps its axis and a flat zero line. */}
            <YAxis
              tick={axisTick}
              width={yAxisWidth}
              ticks={denialTicks}
              domain={[0, denialTicks.at(-1)!]}
              interval={0}
            />
            <Tooltip labelFormatter={tooltipLabel} />
            <Bar dataKey="denials" name="Denials" fill="#f87171" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
