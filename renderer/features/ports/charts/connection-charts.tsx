import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, NO_GRID_LINES, useChartColors } from './chart-card';
import type { AcceptQueue, PeerCount, PortStates, Top } from './chart-data';

// Animations off: the data changes every second, and a bar that is always mid-animation is hard to read.
const STATIC = { isAnimationActive: false } as const;

/** Connection states per service port, stacked. */
export const StatesPerPortChart = memo(function StatesPerPortChart({ data }: { data: Top<PortStates> }) {
  const { t } = useTranslation();
  const c = useChartColors();
  const busiest = data.items[0];
  const summary = busiest
    ? t('charts.states.summary', { count: data.items.length + data.more, port: busiest.port, connections: busiest.total })
    : t('charts.states.none');
  const table = {
    caption: t('charts.states.title'),
    columns: [
      t('charts.port'),
      t('charts.states.established'),
      t('charts.states.timeWait'),
      t('charts.states.closeWait'),
      t('charts.states.other'),
    ],
    rows: data.items.map((p) => [p.port, p.established, p.timeWait, p.closeWait, p.other]),
  };
  return (
    <ChartCard
      look={c.look}
      title={t('charts.states.title')}
      summary={summary}
      table={table}
      empty={busiest ? null : t('charts.noData')}
      testId="chart-states"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.items.map((p) => ({ ...p, name: String(p.port) }))} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} />
          <XAxis dataKey="name" tick={c.tick} stroke={c.grid} />
          <YAxis allowDecimals={false} tick={c.tick} stroke={c.grid} width={44} />
          <Tooltip contentStyle={c.tooltipStyle} />
          <Legend wrapperStyle={c.legendStyle} itemSorter={null} />
          <Bar dataKey="established" name={t('charts.states.established')} stackId="s" fill={c.green} {...STATIC} />
          <Bar dataKey="timeWait" name={t('charts.states.timeWait')} stackId="s" fill={c.orange} {...STATIC} />
          <Bar dataKey="closeWait" name={t('charts.states.closeWait')} stackId="s" fill={c.purple} {...STATIC} />
          <Bar dataKey="other" name={t('charts.states.other')} stackId="s" fill={c.grey} {...STATIC} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});

/** Accept-queue depth against backlog per TCP listener. */
export const AcceptQueueChart = memo(function AcceptQueueChart({ data }: { data: Top<AcceptQueue> }) {
  const { t } = useTranslation();
  const c = useChartColors();
  const fullest = data.items[0];
  const summary = fullest
    ? t('charts.queues.summary', {
        count: data.items.length + data.more,
        label: fullest.label,
        depth: fullest.depth,
        backlog: fullest.backlog,
      })
    : t('charts.queues.none');
  const table = {
    caption: t('charts.queues.title'),
    columns: [t('charts.listener'), t('charts.queues.depth'), t('charts.queues.backlog')],
    rows: data.items.map((q) => [q.label, q.depth, q.backlog]),
  };
  return (
    <ChartCard
      look={c.look}
      title={t('charts.queues.title')}
      summary={summary}
      table={table}
      empty={fullest ? null : t('charts.noData')}
      testId="chart-queues"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.items.map((q) => ({ ...q, name: String(q.port) }))} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} />
          <XAxis dataKey="name" tick={c.tick} stroke={c.grid} />
          <YAxis allowDecimals={false} tick={c.tick} stroke={c.grid} width={44} />
          <Tooltip contentStyle={c.tooltipStyle} />
          <Legend wrapperStyle={c.legendStyle} itemSorter={null} />
          <Bar dataKey="depth" name={t('charts.queues.depth')} fill={c.orange} {...STATIC} />
          <Bar dataKey="backlog" name={t('charts.queues.backlog')} fill={c.brand} {...STATIC} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});

/** Connections per remote peer, busiest first. */
export const PeersChart = memo(function PeersChart({ data }: { data: Top<PeerCount> }) {
  const { t } = useTranslation();
  const c = useChartColors();
  const busiest = data.items[0];
  const summary = busiest
    ? t('charts.peers.summary', { count: data.items.length + data.more, peer: busiest.peer, connections: busiest.count })
    : t('charts.peers.none');
  const table = {
    caption: t('charts.peers.title'),
    columns: [t('charts.peers.peer'), t('charts.peers.connections')],
    rows: data.items.map((p) => [p.peer, p.count]),
  };
  return (
    <ChartCard
      look={c.look}
      title={t('charts.peers.title')}
      summary={summary}
      table={table}
      empty={busiest ? null : t('charts.noData')}
      testId="chart-peers"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.items} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={c.grid} horizontal={false} horizontalCoordinatesGenerator={NO_GRID_LINES} />
          <XAxis type="number" allowDecimals={false} tick={c.tick} stroke={c.grid} />
          <YAxis type="category" dataKey="peer" tick={c.tick} stroke={c.grid} width={130} />
          <Tooltip contentStyle={c.tooltipStyle} />
          <Bar dataKey="count" name={t('charts.peers.connections')} fill={c.brand} {...STATIC} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});
