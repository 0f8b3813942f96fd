import { makeStyles } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRow } from '../ports-diff';
import { AcceptQueueChart, PeersChart, StatesPerPortChart } from './connection-charts';
import { selectAcceptQueues, selectEphemeralUsage, selectPeers, selectStatesPerPort } from './chart-data';
import { EphemeralGauge, WaitStatesChart } from './wait-charts';
import { usePortsStore } from '../ports-store';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))', gap: '12px' },
});

/** The Ports charts: states per port, TIME_WAIT / CLOSE_WAIT over time, ephemeral ports, accept queues, peers. */
export function ChartsPanel({ rows, localPortRange }: { rows: readonly LiveRow[]; localPortRange: { low: number; high: number } | null }) {
  const { t } = useTranslation();
  const s = useStyles();
  const series = usePortsStore((st) => st.series);
  const low = localPortRange?.low;
  const high = localPortRange?.high;
  const fresh = useMemo(() => {
    const range = low === undefined || high === undefined ? null : { low, high };
    return {
      states: selectStatesPerPort(rows, range),
      queues: selectAcceptQueues(rows),
      peers: selectPeers(rows),
      ephemeral: selectEphemeralUsage(rows, range),
    };
  }, [rows, low, high]);
  // The same figures as last second keep the same objects, so the memoized charts skip re-drawing.
  const json = JSON.stringify(fresh);
  const data = useMemo(() => JSON.parse(json) as typeof fresh, [json]);
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
