import {
  Body1,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  makeStyles,
} from '@fluentui/react-components';
import { memo, useCallback, useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { PageTitle } from '../../components/page-title';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import { formatRecordedAt } from '../../state/shell-selectors';
import { useShellStore } from '../../state/shell-store';
import { CapturePanel } from './capture-panel';
import { ClientStepPanel } from './client-step-panel';
import { parsePortInput } from '../../state/port-input';
import { selectStepRows } from './diagnose-selectors';
import { useDiagnoseStore } from '../../state/diagnose-store';
import type { Role } from '../../state/diagnose-store';
import { PathDiagram } from './path-diagram';
import { HostKeyDialog, SudoDialog } from './remote-dialogs';
import { ServerChoice } from './remote-form';
import { RemoteBanner, SshProblemBar } from './remote-status';
import { useRemoteStore } from '../../state/remote-store';
import { ProbeResult } from './probe-result';
import { WizardForm } from './wizard-form';
import { StepList } from './step-list';
import { VerdictCard } from './verdict-card';
import { offersWfpAudit } from '../../../shared/diagnose/wfp-audit-text';
import { WfpAuditPanel } from './wfp-audit-panel';
import { selectPathHops } from './wizard-selectors';
import type { StepId } from '../../../shared/schemas/report';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '960px' },
});

/** Diagnose: the port, where the user stands, and the wizard (path diagram, five steps streaming in, verdict and fixes). */
export function DiagnosePage() {
  const { t } = useTranslation();
  const styles = useStyles();
  // Only what this page shows: the streamed steps re-render the result below, not the form around it.
  const { port, role, probe, replay, setRole, run } = useDiagnoseStore(
    useShallow((s) => {
      const parsed = parsePortInput(s.portText);
      return { port: parsed.ok ? parsed.port : null, role: s.role, probe: s.probe, replay: s.replay, setRole: s.setRole, run: s.run };
    }),
  );
  const setSection = useShellStore((s) => s.setSection);
  if (replay) return <ReplayWizard />;
  return (
    <div className={styles.page}>
      <PageTitle>{t('diagnose.title')}</PageTitle>
      <Body1>{t('diagnose.intro')}</Body1>
      <RadioGroup layout="horizontal" aria-label={t('diagnose.role')} value={role} onChange={(_e, data) => setRole(data.value as Role)}>
        <Radio value="server" label={t('diagnose.roleServer')} />
        <Radio value="client" label={t('diagnose.roleClient')} />
        <Radio value="report" label={t('diagnose.roleReport')} />
      </RadioGroup>
      {role === 'server' ? <ServerChoice /> : null}
      {role === 'report' ? (
        <div>
          <Body1>{t('diagnose.reportHint')}</Body1>{' '}
          <Button appearance="primary" onClick={() => setSection('reports')}>
            {t('diagnose.goToReports')}
          </Button>
        </div>
      ) : (
        <WizardForm />
      )}
      {role === 'server' ? <ServerResult port={port} /> : null}
      {role === 'client' ? <ProbeResult probe={probe} onRetry={() => void run()} /> : null}
      <HostKeyDialog />
      <SudoDialog />
    </div>
  );
}

/**
 * The wizard's result area: the path diagram, the verdict with its fixes, and the five steps (4 and 5 with their panels).
 * The store's updates render synchronously (useSyncExternalStore); the bars answer at once (Cancel shows "cancelled" in
 * the next frame), while the heavy part — verdict and steps with their evidence — follows as a deferred render React
 * can interrupt and split, so no streamed step or final answer holds the main thread in one long task.
 */
function ServerResult({ port, replaying = false }: { port: number | null; replaying?: boolean }) {
  const check = useDiagnoseStore((s) => s.check);
  const live = useDiagnoseStore((s) => s.live);
  const run = useDiagnoseStore((s) => s.run);
  // Over SSH both ends ran from here: steps 4 and 5 need no pasted result or separate capture.
  const sshHost = useRemoteStore((s) => (!replaying && s.where === 'ssh' ? (s.last?.remote.host ?? null) : null));
  const overSsh = useRemoteStore((s) => s.where === 'ssh') && !replaying;
  const deferredCheck = useDeferredValue(check);
  const deferredLive = useDeferredValue(live);
  return (
    <>
      {overSsh ? <SshProblemBar /> : null}
      {sshHost !== null ? <RemoteBanner /> : null}
      <ResultPath check={deferredCheck} live={deferredLive} />
      {check.state === 'failed' ? <CallFailedBar message={check.message} onRetry={() => void run()} /> : null}
      {check.state === 'done' && check.value.kind === 'unavailable' ? <UnavailableBar value={check.value} /> : null}
      <ResultBody check={deferredCheck} live={deferredLive} port={port} replaying={replaying} overSsh={overSsh} sshHost={sshHost} />
    </>
  );
}

type Run = Pick<ReturnType<typeof useDiagnoseStore.getState>, 'check' | 'live'>;

/** The path diagram for one state of the run (memoized: renders again only when the run changed). */
const ResultPath = memo(function ResultPath({ check, live }: Run) {
  const report = check.state === 'done' && check.value.kind === 'ok' ? check.value.data : null;
  return <PathDiagram hops={selectPathHops(selectStepRows(check, live), report ? report.verdict.cause : null)} />;
});

interface ResultBodyProps extends Run {
  port: number | null;
  replaying: boolean;
  overSsh: boolean;
  sshHost: string | null;
}

/** The verdict and the five steps for one state of the run (memoized: renders again only when the run changed). */
const ResultBody = memo(function ResultBody({ check, live, port, replaying, overSsh, sshHost }: ResultBodyProps) {
  const rows = selectStepRows(check, live);
  const report = check.state === 'done' && check.value.kind === 'ok' ? check.value.data : null;
  const extra = useCallback(
    (id: StepId) => {
      if (replaying || overSsh) return null;
      if (id === 'client') return <ClientStepPanel port={port} />;
      if (id === 'packets') return <CapturePanel port={port} />;
      if (id === 'firewall' && report && offersWfpAudit(report))
        return <WfpAuditPanel port={report.target.port} protocol={report.target.protocol} />;
      return null;
    },
    [replaying, overSsh, port, report],
  );
  return (
    <>
      {report ? <VerdictCard report={report} replaying={replaying} {...(sshHost !== null ? { sshHost } : {})} /> : null}
      <StepList rows={rows} extra={extra} udp={report?.target.protocol === 'udp'} />
    </>
  );
});

/** The wizard over a replayed report, under a banner that says whose machine it was and that nothing runs here. */
function ReplayWizard() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const replay = useDiagnoseStore((s) => s.replay);
  const leave = useDiagnoseStore((s) => s.leaveReplay);
  if (!replay) return null;
  return (
    <div className={styles.page}>
      <PageTitle>{t('diagnose.title')}</PageTitle>
      <MessageBar intent="info" layout="multiline" data-testid="wizard-replay-banner">
        <MessageBarBody>
          <MessageBarTitle>{t('shell.replayTitle')}</MessageBarTitle>
          {t('shell.replayBanner', { host: replay.host, time: formatRecordedAt(replay.recordedAt, i18n.language) })}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={leave}>{t('wizard.leaveReplay')}</Button>
        </MessageBarActions>
      </MessageBar>
      <ServerResult port={replay.report.target.port} replaying />
    </div>
  );
}
