import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  makeStyles,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { wfpAuditPlanLines, wfpAuditRefusal, wfpAuditResultLines } from '../../../shared/diagnose/wfp-audit-text';
import type { AuditSay } from '../../../shared/diagnose/wfp-audit-text';
import { engineTemplate, engineText, interpolate } from '../../../shared/i18n/engine-text';
import { UnavailableBar } from '../../components/unavailable-bar';
import { CopyableCommand } from '../../components/copyable-command';
import { APP_MINUTES, MINUTE_CHOICES, useWfpAuditStore } from './wfp-audit-store';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '4px' },
  content: { display: 'flex', flexDirection: 'column', gap: '6px' },
  text: { overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

/** `engine.wfpAudit.<key>` through i18next, with the English template as the fallback. */
function useAuditSay(): {
  say: AuditSay;
  english: AuditSay;
  keyed: (key: string | undefined, params: Record<string, string | number> | undefined, text: string) => string;
} {
  const { t } = useTranslation();
  const english: AuditSay = (key, params) => interpolate(engineTemplate('en', `engine.wfpAudit.${key}`) ?? key, params);
  return {
    say: (key, params) => engineText(t, `engine.wfpAudit.${key}`, params, english(key, params)),
    english,
    keyed: (key, params, text) => engineText(t, key, params, text),
  };
}

/**
 * Step 3's action on Windows when no drop was logged (auditing off): "Record blocked connections for N minutes"
 * behind a dialog that shows the exact auditpol commands (copyable), progress while auditing is on, End now, and the
 * result: who dropped the port, what was turned off again, and any command still left to the user.
 */
export function WfpAuditPanel({ port, protocol }: { port: number; protocol: 'tcp' | 'udp' }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { say, english, keyed } = useAuditSay();
  const store = useWfpAuditStore();
  // The store outlives a report: what it holds for another port is not shown here.
  const s =
    !store.target || (store.target.port === port && store.target.protocol === protocol)
      ? store
      : { ...store, phase: 'idle' as const, plan: null, result: null, refused: null };
  const busy = s.phase === 'planning' || s.phase === 'running' || s.phase === 'ending';
  const plan = s.plan ? wfpAuditPlanLines(say, s.plan) : null;
  const result =
    s.result?.kind === 'ok' && s.target ? wfpAuditResultLines(say, keyed, s.result.data, s.target.port, s.target.protocol) : null;
  const refused = s.refused ?? (s.result?.kind === 'unavailable' ? s.result : null);
  const total = (s.plan?.minutes ?? APP_MINUTES) * 60;
  return (
    <div className={styles.panel} data-testid="wfp-audit" data-phase={s.phase}>
      <Caption1>{t('wfpAudit.hint')}</Caption1>
      <div className={styles.row}>
        <Select
          aria-label={t('wfpAudit.duration')}
          value={String(s.minutes)}
          disabled={busy}
          onChange={(_e, d) => s.setMinutes(Number(d.value))}
        >
          {MINUTE_CHOICES.map((m) => (
            <option key={m} value={m}>
              {t('wfpAudit.minutesOption', { minutes: m })}
            </option>
          ))}
        </Select>
        <Button appearance="secondary" disabled={busy} onClick={() => void s.preview(port, protocol)}>
          {s.phase === 'planning' ? t('wfpAudit.planning') : t('wfpAudit.start', { minutes: s.minutes })}
        </Button>
      </div>
      <Dialog open={s.phase === 'confirm'} onOpenChange={(_e, data) => (data.open ? undefined : s.dismiss())}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('wfpAudit.confirmTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              {plan?.leftOpen ? (
                <MessageBar intent="warning" layout="multiline" data-testid="wfp-audit-left-open">
                  <MessageBarBody>
                    {plan.leftOpen.text}
                    {plan.leftOpen.commands.map((c) => (
                      <CopyableCommand key={c} command={c} />
                    ))}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <Body1>{t('wfpAudit.confirmBody')}</Body1>
              {plan ? <Body1 className={styles.text}>{plan.head}</Body1> : null}
              <div className={styles.content} data-testid="wfp-audit-commands">
                {plan?.steps.map((step, i) =>
                  step.command ? (
                    <CopyableCommand key={i} command={step.command} label={step.text} />
                  ) : (
                    <Caption1 key={i}>{step.text}</Caption1>
                  ),
                )}
              </div>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={s.dismiss}>
                {t('wfpAudit.cancel')}
              </Button>
              <Button appearance="primary" onClick={s.start}>
                {t('wfpAudit.confirm', { minutes: s.plan?.minutes ?? APP_MINUTES })}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      {s.phase === 'running' || s.phase === 'ending' ? (
        <div className={styles.content} aria-live="polite">
          <ProgressBar value={s.secondsLeft === null ? undefined : (total - s.secondsLeft) / total} />
          <Body1>{s.phase === 'ending' ? t('wfpAudit.ending') : t('wfpAudit.running', { seconds: s.secondsLeft ?? total })}</Body1>
          <div>
            <Button disabled={s.phase === 'ending'} onClick={() => void s.end()}>
              {t('wfpAudit.end')}
            </Button>
          </div>
        </div>
      ) : null}
      {result ? (
        <div className={styles.content} data-testid="wfp-audit-result">
          {[result.outcome, result.drops, result.policy].map((line, i) =>
            line ? (
              <Body1 key={i} className={styles.text}>
                {line}
              </Body1>
            ) : null,
          )}
          {result.byHand.map((b) => (
            <MessageBar key={b.command} intent="warning" layout="multiline">
              <MessageBarBody>
                {t('wfpAudit.byHand')}
                <CopyableCommand command={b.command} />
              </MessageBarBody>
            </MessageBar>
          ))}
          {result.logged ? <Caption1 className={styles.text}>{result.logged}</Caption1> : null}
        </div>
      ) : null}
      {refused ? (
        wfpAuditRefusal(say, english, refused) ? (
          <MessageBar intent="warning" data-testid="wfp-audit-refused">
            <MessageBarBody>{wfpAuditRefusal(say, english, refused)}</MessageBarBody>
          </MessageBar>
        ) : (
          <UnavailableBar value={refused} />
        )
      ) : null}
      {s.phase === 'failed' ? (
        <MessageBar intent="error">
          <MessageBarBody>{t('wfpAudit.failed', { message: s.message })}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}
