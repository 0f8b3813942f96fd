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
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import { formatRecordedAt } from '../shell/shell-selectors';
import { useShellStore } from '../shell/shell-store';
import { CapturePanel } from './capture-panel';
import { ClientStepPanel } from './client-step-panel';
import { parsePortInput, selectStepRows } from './diagnose-selectors';
import { useDiagnoseStore } from './diagnose-store';
import type { Role } from './diagnose-store';
import { PathDiagram } from './path-diagram';
import { HostKeyDialog, SudoDialog } from './remote-dialogs';
import { ServerChoice } from './remote-form';
import { RemoteBanner, SshProblemBar } from './remote-status';
import { useRemoteStore } from './remote-store';
import { ProbeResult } from './probe-result';
import { WizardForm } from './wizard-form';
import { StepList } from './step-list';
import { VerdictCard } from './verdict-card';
import { offersWfpAudit } from '../../../shared/diagnose/wfp-audit-text';
import { WfpAuditPanel } from './wfp-audit-panel';
import { selectPathHops } from './wizard-selectors';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '960px' },
});

/** Diagnose: the port, where the user stands, and the wizard (path diagram, five steps streaming in, verdict and fixes). */
export function DiagnosePage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { portText, role, probe, replay, setRole, run } = useDiagnoseStore();
  const setSection = useShellStore((s) => s.setSection);
  const parsed = parsePortInput(portText);
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
      {role === 'server' ? <ServerResult port={parsed.ok ? parsed.port : null} /> : null}
      {role === 'client' ? <ProbeResult probe={probe} onRetry={() => void run()} /> : null}
      <HostKeyDialog />
      <SudoDialog />
    </div>
  );
}

/** The wizard's result area: the path diagram, the verdict with its fixes, and the five steps (4 and 5 with their panels). */
function ServerResult({ port, replaying = false }: { port: number | null; replaying?: boolean }) {
  const check = useDiagnoseStore((s) => s.check);
  const live = useDiagnoseStore((s) => s.live);
  const run = useDiagnoseStore((s) => s.run);
  const rows = selectStepRows(check, live);
  const report = check.state === 'done' && check.value.kind === 'ok' ? check.value.data : null;
  // Over SSH both ends ran from here: steps 4 and 5 need no pasted result or separate capture.
  const ssh = useRemoteStore((s) => (!replaying && s.where === 'ssh' ? s.last : null));
  const overSsh = useRemoteStore((s) => s.where === 'ssh') && !replaying;
  return (
    <>
      {overSsh ? <SshProblemBar /> : null}
      {ssh ? <RemoteBanner /> : null}
      <PathDiagram hops={selectPathHops(rows, report ? report.verdict.cause : null)} />
      {check.state === 'failed' ? <CallFailedBar message={check.message} onRetry={() => void run()} /> : null}
      {check.state === 'done' && check.value.kind === 'unavailable' ? <UnavailableBar value={check.value} /> : null}
      {report ? <VerdictCard report={report} replaying={replaying} {...(ssh ? { sshHost: ssh.remote.host } : {})} /> : null}
      <StepList
        rows={rows}
        extra={(id) => {
          if (replaying || overSsh) return null;
          if (id === 'client') return <ClientStepPanel port={port} />;
          if (id === 'packets') return <CapturePanel port={port} />;
          if (id === 'firewall' && report && offersWfpAudit(report)) return <WfpAuditPanel port={report.target.port} protocol={report.target.protocol} />;
          return null;
        }}
      />
    </>
  );
}

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
