import { makeStyles } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRow } from '../ports-diff';
import { AcceptQueueChart, PeersChart, StatesPerPortChart } from './connection-charts';
import { selectAcceptQueues, selectEphemeralUsage, selectPeers, selectStatesPerPort } from './chart-data';
import type { AcceptQueue, EphemeralUsage, PeerCount, PortStates, Top } from './chart-data';
import { useDrawFrame } from './chart-card';
import { EphemeralGauge, WaitStatesChart } from './wait-charts';
import { usePortsStore } from '../ports-store';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))', gap: '12px' },
});

/** The Ports charts: states per port, TIME_WAIT / CLOSE_WAIT over time, ephemeral ports, accept queues, peers. */
export function ChartsPanel({ rows, localPortRange }: { rows: readonly LiveRow[]; localPortRange: { low: number; high: number } | null }) {
  const { t } = useTranslation();
  const s = useStyles();
  const liveSeries = usePortsStore((st) => st.series);
  const low = localPortRange?.low;
  const high = localPortRange?.high;
  // The rows and the series change each second; the figures are made from the newest of them at each tick of the
  // draw clock (every other second) and when the range changes, not at each refresh: between ticks this panel and
  // its charts do no work (issue 13 item 9). `rows` and `liveSeries` are read, not followed, on purpose.
  const frame = useDrawFrame();
  const json = useMemo(() => {
    const range = low === undefined || high === undefined ? null : { low, high };
    return JSON.stringify({
      states: selectStatesPerPort(rows, range),
      queues: selectAcceptQueues(rows),
      peers: selectPeers(rows),
      ephemeral: selectEphemeralUsage(rows, range),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- sampled at the clock's ticks, see above
  }, [frame, low, high]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- sampled at the clock's ticks, see above
  const series = useMemo(() => liveSeries, [frame]);
  // The same figures as at the tick before keep the same objects, so the memoized charts skip re-drawing.
  const data = useMemo(
    () =>
      JSON.parse(json) as { states: Top<PortStates>; queues: Top<AcceptQueue>; peers: Top<PeerCount>; ephemeral: EphemeralUsage | null },
    [json],
  );
  return (
    <section className={s.grid} aria-label={t('charts.title')} data-testid="ports-charts">
      <StatesPerPortChart data={data.states} />
      <WaitStatesChart series={series} />
      <EphemeralGauge usage={data.ephemeral} />
      <AcceptQueueChart data={data.queues} />
      <PeersChart data={data.peers} />
    </section>
  );
}
