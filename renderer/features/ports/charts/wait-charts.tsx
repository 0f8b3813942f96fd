import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WaitSample } from '../ports-store';
import { ChartCard, NO_GRID_LINES, useChartColors } from './chart-card';
import type { EphemeralUsage } from './chart-data';

// One formatter for every label: toLocaleTimeString builds a new one per call (60+ calls a second here).
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function clock(at: number): string {
  return TIME.format(at);
}

/** How many rows the wait-state table alternative lists: the last minute (the chart holds up to ten). */
const TABLE_SAMPLES = 60;

/** TIME_WAIT and CLOSE_WAIT counts over the last minutes (the store's bounded series). */
export const WaitStatesChart = memo(function WaitStatesChart({ series }: { series: readonly WaitSample[] }) {
  const { t } = useTranslation();
  const c = useChartColors();
  const last = series[series.length - 1];
  const peakTw = series.reduce((m, p) => Math.max(m, p.timeWait), 0);
  const peakCw = series.reduce((m, p) => Math.max(m, p.closeWait), 0);
  const summary = last
    ? t('charts.waits.summary', {
        timeWait: last.timeWait,
        closeWait: last.closeWait,
        peakTimeWait: peakTw,
        peakCloseWait: peakCw,
        samples: series.length,
      })
    : t('charts.noData');
  const table = {
    caption: t('charts.waits.title'),
    columns: [t('charts.time'), 'TIME_WAIT', 'CLOSE_WAIT'],
    rows: series.slice(-TABLE_SAMPLES).map((p) => [clock(p.at), p.timeWait, p.closeWait]),
  };
  return (
    <ChartCard
      look={c.look}
      title={t('charts.waits.title')}
      summary={summary}
      table={table}
      empty={last ? null : t('charts.noData')}
      testId="chart-waits"
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={series as WaitSample[]} margin={{ top: 8, right: 32, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} />
          <XAxis dataKey="at" tickFormatter={clock} tick={c.tick} stroke={c.grid} minTickGap={40} />
          <YAxis allowDecimals={false} tick={c.tick} stroke={c.grid} width={44} />
          <Tooltip labelFormatter={(v) => clock(Number(v))} contentStyle={c.tooltipStyle} />
          <Legend wrapperStyle={c.legendStyle} itemSorter={null} />
          <Line type="stepAfter" dataKey="timeWait" name="TIME_WAIT" stroke={c.orange} dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="closeWait" name="CLOSE_WAIT" stroke={c.purple} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});

/** Ephemeral (dynamic) ports in use against the range, as a half-circle gauge. */
export const EphemeralGauge = memo(function EphemeralGauge({ usage }: { usage: EphemeralUsage | null }) {
  const { t } = useTranslation();
  const c = useChartColors();
  const summary = usage
    ? t('charts.ephemeral.summary', { used: usage.used, size: usage.size, percent: usage.percent, low: usage.low, high: usage.high })
    : t('charts.ephemeral.unknown');
  const table = {
    caption: t('charts.ephemeral.title'),
    columns: [t('charts.ephemeral.used'), t('charts.ephemeral.size'), t('charts.ephemeral.range')],
    rows: usage ? [[usage.used, usage.size, `${usage.low}–${usage.high}`]] : [],
  };
  // A sliver stays visible at low use: 0.4 % of a gauge is otherwise invisible.
  const shown = usage ? Math.max(usage.used, usage.used > 0 ? usage.size / 200 : 0) : 0;
  const warn = usage !== null && usage.percent >= 80;
  return (
    <ChartCard
      look={c.look}
      title={t('charts.ephemeral.title')}
      summary={summary}
      table={table}
      empty={usage ? null : t('charts.ephemeral.unknownShort')}
      testId="chart-ephemeral"
    >
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie
            data={[{ value: shown }, { value: Math.max(0, (usage?.size ?? 1) - shown) }]}
            dataKey="value"
            startAngle={180}
            endAngle={0}
            cx="50%"
            cy="80%"
            innerRadius="90%"
            outerRadius="130%"
            stroke="none"
            isAnimationActive={false}
          >
            <Cell fill={warn ? c.red : c.brand} />
            <Cell fill={c.track} />
          </Pie>
          <text x="50%" y="72%" textAnchor="middle" fill={c.text} fontSize={22}>
            {usage ? `${usage.percent} %` : ''}
          </text>
          <text x="50%" y="86%" textAnchor="middle" fill={c.text} fontSize={12}>
            {usage ? `${usage.used} / ${usage.size}` : ''}
          </text>
        </PieChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});
