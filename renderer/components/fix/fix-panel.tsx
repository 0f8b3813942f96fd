import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { FixResult, UndoResult } from '../../../shared/schemas/firewall';
import { CallFailedBar } from '../call-failed-bar';
import { SectionCard } from '../section-card';
import { EvidenceList } from '../evidence-list';
import { UnavailableBar } from '../unavailable-bar';
import type { Remote } from '../../state/remote';
import type { Result } from '../../../shared/schemas/common';
import { selectInfo } from '../../state/shell-selectors';
import { useShellStore } from '../../state/shell-store';
import { FixConfirmDialog } from './fix-confirm-dialog';
import { FixPlanView } from './fix-plan-view';
import { FixTestNow } from './fix-test-now';
import { selectCanApply } from './fix-selectors';
import { useFixStore } from '../../state/fix-store';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px' },
  // Fluent's text components are inline: a column keeps the next-step text and the Undo button on their own lines.
  result: { display: 'flex', flexDirection: 'column', gap: '8px' },
  undo: { alignSelf: 'flex-start' },
});

/** Fix the firewall safely: preview the plan, apply only after confirmation, then undo if needed (here, or on `sshHost` over SSH). */
export function FixPanel({ request, sshHost }: { request: { port: number; protocol?: 'tcp' | 'udp'; source?: string }; sshHost?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { plan, applied, undone, makePlan, apply, undo } = useFixStore();
  const info = selectInfo(useShellStore((s) => s.info));
  const replaying = Boolean(info?.replay);
  const host = sshHost ?? info?.replay?.hostname ?? info?.hostname ?? '';
  const ready = plan.state === 'done' && plan.value.kind === 'ok' ? plan.value.data : null;
  return (
    <SectionCard title={t('fix.title')} intro={t('fix.intro')} testId="fix-panel">
      <div className={styles.bar}>
        <Button
          onClick={() => void makePlan(request, sshHost !== undefined)}
          disabled={plan.state === 'loading' || applied.state === 'loading'}
        >
          {t('fix.plan')}
        </Button>
        {plan.state === 'loading' ? <Spinner size="tiny" labelPosition="after" label={t('fix.planning')} /> : null}
      </div>
      {plan.state === 'failed' ? <CallFailedBar message={plan.message} /> : null}
      {plan.state === 'done' && plan.value.kind === 'unavailable' ? <UnavailableBar value={plan.value} /> : null}
      {ready ? <FixPlanView plan={ready} /> : null}
      {ready && replaying ? <Body1>{t('fix.replay')}</Body1> : null}
      {ready && selectCanApply(ready, replaying) && applied.state !== 'done' ? (
        <div className={styles.bar}>
          <FixConfirmDialog plan={ready} host={host} onConfirm={(ok) => void apply(ready, ok)} />
          {applied.state === 'loading' ? <Spinner size="tiny" labelPosition="after" label={t('fix.applying')} /> : null}
        </div>
      ) : null}
      <Applied applied={applied} undone={undone} onUndo={(id) => void undo(id)} />
    </SectionCard>
  );
}

/** The headline of a fixed result: by which proof (results from before proofs existed say plain "fixed"). */
function fixedKey(result: FixResult): string {
  if (result.proof?.kind === 'rule-counter') return 'fix.fixedTraffic';
  if (result.proof?.kind === 're-evaluation') return 'fix.fixedReevaluated';
  return 'fix.fixed';
}

function Applied({
  applied,
  undone,
  onUndo,
}: {
  applied: Remote<Result<FixResult>>;
  undone: Remote<Result<UndoResult>>;
  onUndo: (id: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (applied.state === 'failed') return <CallFailedBar message={applied.message} />;
  if (applied.state !== 'done') return null;
  if (applied.value.kind === 'unavailable') return <UnavailableBar value={applied.value} />;
  const result = applied.value.data;
  return (
    <div className={styles.result} data-testid="fix-result" data-fixed={result.fixed}>
      <MessageBar intent={result.fixed ? 'success' : 'warning'} layout="multiline">
        <MessageBarBody>
          {result.fixed ? t(fixedKey(result)) : t('fix.notFixed')}
          {result.outcome ? ` (${t(`fixOutcome.${result.outcome}`)})` : null}
        </MessageBarBody>
      </MessageBar>
      <EvidenceList evidence={result.evidence} />
      {result.next?.map((n, i) => (
        <Body1 as="p" key={i}>
          {n}
        </Body1>
      ))}
      {result.fixed && result.undoId && undone.state === 'idle' ? <FixTestNow id={result.undoId} /> : null}
      {undone.state === 'idle' || undone.state === 'loading' ? (
        <Button className={styles.undo} onClick={() => onUndo(result.undoId)} disabled={undone.state === 'loading'}>
          {t('fix.undo')}
        </Button>
      ) : null}
      {undone.state === 'failed' ? <CallFailedBar message={undone.message} /> : null}
      {undone.state === 'done' && undone.value.kind === 'unavailable' ? <UnavailableBar value={undone.value} /> : null}
      {undone.state === 'done' && undone.value.kind === 'ok' ? (
        <MessageBar intent={undone.value.data.undone ? 'info' : 'error'} data-testid="fix-undone">
          <MessageBarBody>{undone.value.data.undone ? t('fix.undone') : t('fix.notUndone')}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}
