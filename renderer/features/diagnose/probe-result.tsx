import { Body1, Card, CardHeader, Subtitle2 } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../shared/schemas/common';
import type { ProbeReport } from '../../../shared/schemas/report';
import { CallFailedBar } from '../../components/call-failed-bar';
import { EvidenceList } from '../../components/evidence-list';
import { UnavailableBar } from '../../components/unavailable-bar';
import type { Remote } from '../../state/remote';

/** The client side (step 4): how the connection attempt ended, and the cause it proves — or its candidates and the next step. */
export function ProbeResult({ probe, onRetry }: { probe: Remote<Result<ProbeReport>>; onRetry: () => void }) {
  const { t } = useTranslation();
  if (probe.state === 'failed') return <CallFailedBar message={probe.message} onRetry={onRetry} />;
  if (probe.state !== 'done') return null;
  if (probe.value.kind === 'unavailable') return <UnavailableBar value={probe.value} />;
  const report = probe.value.data;
  return (
    <Card data-testid="probe-result" data-cause={report.cause}>
      <CardHeader header={<Subtitle2>{report.cause === 'unknown' ? t('diagnose.probeUnproven') : t(`cause.${report.cause}`)}</Subtitle2>} />
      <Body1>{t('diagnose.probeOutcome', { outcome: t(`outcome.${report.outcome}`), ms: Math.round(report.elapsedMs) })}</Body1>
      {report.cause === 'unknown' && report.candidates?.length ? (
        <Body1 data-testid="probe-candidates">
          {t('diagnose.probeCandidates', { candidates: report.candidates.map((c) => t(`cause.${c}`)).join('; ') })}
        </Body1>
      ) : null}
      {report.cause === 'unknown' ? <Body1 data-testid="probe-next">{t('diagnose.probeNext', { port: report.target.port })}</Body1> : null}
      {report.addresses.length > 0 ? <Body1>{t('diagnose.probeAddresses', { addresses: report.addresses.join(', ') })}</Body1> : null}
      <EvidenceList evidence={report.evidence ?? []} />
    </Card>
  );
}
