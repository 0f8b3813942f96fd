import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../call-failed-bar';
import { EvidenceList } from '../evidence-list';
import { UnavailableBar } from '../unavailable-bar';
import { useFixStore } from '../../state/fix-store';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px' },
  box: { display: 'flex', flexDirection: 'column', gap: '8px' },
});

/**
 * "Test now" after a fix (issue #11 item 4): after the client tried again, read the fix's proof — the new rule's
 * counter since the fix (real traffic, naming the client for a one-address rule) or the re-evaluation only. For a fix
 * made on a server over SSH this computer is the client: it probes the server again first, then the server reads.
 */
export function FixTestNow({ id }: { id: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const tested = useFixStore((s) => s.tested);
  const test = useFixStore((s) => s.test);
  const probed = useFixStore((s) => s.probed);
  const value = tested.state === 'done' ? tested.value : null;
  const proof = value?.kind === 'ok' ? value.data.proof : null;
  return (
    <div className={styles.box} data-testid="fix-test-now">
      <Body1>{t('fix.testNowHint')}</Body1>
      <div className={styles.bar}>
        <Button appearance="primary" onClick={() => void test(id)} disabled={tested.state === 'loading'}>
          {t('fix.testNow')}
        </Button>
        {tested.state === 'loading' ? <Spinner size="tiny" labelPosition="after" label={t('fix.testing')} /> : null}
      </div>
      {probed ? (
        <Body1 data-testid="fix-test-probe" data-outcome={probed.outcome}>
          {t('fix.probedFromHere', {
            target: `${probed.target.host}:${probed.target.port}`,
            outcome: t(`outcome.${probed.outcome}`),
            ms: probed.elapsedMs,
          })}
        </Body1>
      ) : null}
      {tested.state === 'failed' ? <CallFailedBar message={tested.message} /> : null}
      {value?.kind === 'unavailable' ? <UnavailableBar value={value} /> : null}
      {value?.kind === 'ok' && proof ? (
        <>
          <MessageBar
            intent={proof.kind === 'rule-counter' ? 'success' : proof.kind === 're-evaluation' ? 'info' : 'warning'}
            data-testid="fix-proof"
            data-proof={proof.kind}
          >
            <MessageBarBody>{t(`fix.proofKind.${proof.kind}`)}</MessageBarBody>
          </MessageBar>
          <EvidenceList evidence={value.data.evidence} />
        </>
      ) : null}
    </div>
  );
}
