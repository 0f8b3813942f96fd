import {
  Body1,
  Button,
  Caption1,
  Field,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../../components/call-failed-bar';
import { StatusBadge } from '../../components/status-badge';
import { UnavailableBar } from '../../components/unavailable-bar';
import { useCaptureStore } from './capture-store';
import { useDiagnoseStore } from '../../state/diagnose-store';
import type { PeerCount } from './wizard-selectors';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '4px' },
  bar: { display: 'flex', alignItems: 'flex-end', gap: '8px', flexWrap: 'wrap', minHeight: '32px' },
  seconds: { width: '120px' },
  table: { minHeight: '40px' },
});

const SECONDS = [10, 30, 60, 120] as const;

/** Packets seen per client address, as they arrive. */
function PeerTable({ peers }: { peers: readonly PeerCount[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Table size="small" aria-label={t('wizard.peersLabel')} className={styles.table} data-testid="capture-peers">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('wizard.peer')}</TableHeaderCell>
          <TableHeaderCell>SYN</TableHeaderCell>
          <TableHeaderCell>SYN-ACK</TableHeaderCell>
          <TableHeaderCell>RST</TableHeaderCell>
          <TableHeaderCell>ICMP</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {peers.map((p) => (
          <TableRow key={p.peer} data-testid="capture-peer" data-peer={p.peer} data-syn={p.syn}>
            <TableCell>{p.peer}</TableCell>
            <TableCell>{p.syn}</TableCell>
            <TableCell>{p.synAck}</TableCell>
            <TableCell>{p.rst}</TableCell>
            <TableCell>{p.icmp}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Step 5 seen from the server: capture on the port while the client retries, SYNs counted per peer as they arrive. */
export function CapturePanel({ port }: { port: number | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { state, seconds, peers, packets, result, message, setSeconds, start, cancel } = useCaptureStore();
  const udp = useDiagnoseStore((s) => s.protocol === 'udp');
  const setWatchReport = useDiagnoseStore((s) => s.setWatchReport);
  const run = useDiagnoseStore((s) => s.run);
  const applyCapture = () => {
    if (result?.kind !== 'ok') return;
    setWatchReport(result.data);
    void run();
  };
  if (udp && state !== 'running')
    return (
      <div className={styles.root} data-testid="capture-panel" data-state="udp">
        <Body1>{t('wizard.captureUdp')}</Body1>
      </div>
    );
  return (
    <div className={styles.root} data-testid="capture-panel" data-state={state}>
      <Body1>{t('wizard.captureIntro')}</Body1>
      <div className={styles.bar}>
        <Field className={styles.seconds} label={t('wizard.captureSeconds')}>
          <Select value={String(seconds)} onChange={(_e, d) => setSeconds(Number(d.value))} disabled={state === 'running'}>
            {SECONDS.map((s) => (
              <option key={s} value={s}>
                {t('wizard.secondsOption', { seconds: s })}
              </option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" disabled={port === null || state === 'running'} onClick={() => port !== null && start(port)}>
          {t('wizard.captureStart', { seconds })}
        </Button>
        {state === 'running' ? (
          <>
            <Button onClick={cancel}>{t('wizard.cancel')}</Button>
            <Spinner size="tiny" labelPosition="after" label={t('wizard.capturing', { count: packets })} />
          </>
        ) : null}
      </div>
      {peers.length > 0 ? <PeerTable peers={peers} /> : state === 'running' ? <Caption1>{t('wizard.captureWaiting')}</Caption1> : null}
      {/* Announced once per change of state, not per packet (the counts above update on every one). */}
      <div aria-live="polite">
        {state === 'cancelled' ? <Caption1>{t('wizard.captureCancelled')}</Caption1> : null}
        {state === 'done' && result?.kind === 'ok' ? (
          <Caption1>{t('wizard.captureDone', { count: result.data.peers.length })}</Caption1>
        ) : null}
      </div>
      {state === 'failed' ? <CallFailedBar message={message} /> : null}
      {state === 'done' && result?.kind === 'unavailable' ? (
        <div data-testid="capture-unknown">
          <StatusBadge status="unknown" />
          <UnavailableBar value={result} />
        </div>
      ) : null}
      {state === 'done' && result?.kind === 'ok' ? (
        <div className={styles.bar} data-testid="capture-done">
          <Button onClick={applyCapture}>{t('wizard.captureUse')}</Button>
        </div>
      ) : null}
    </div>
  );
}
