import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { commandTexts, outcomeSentence, previewSentence } from '../../../shared/ports/action-text';
import type { ActionSay } from '../../../shared/ports/action-text';
import type { Result } from '../../../shared/schemas/common';
import type { PortAction } from '../../../shared/schemas/port-actions';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import type { Remote } from '../../state/remote';
import { CopyableCommand } from '../../components/copyable-command';
import { formatArgv } from '../../components/fix/fix-selectors';
import { usePortActionStore } from './port-action-store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: '8px' },
  path: { overflowWrap: 'anywhere' },
});

const GOOD: ReadonlySet<PortAction['outcome']> = new Set(['closed', 'ended']);

function useSay(): ActionSay {
  const { t } = useTranslation();
  return (key, params) => t(`engine.portsAction.${key}`, params ?? {});
}

/** The preview: what will happen, the exact commands (copyable), with which rights; or why it will not run. */
function PreviewView({ action }: { action: PortAction }) {
  const { t } = useTranslation();
  const say = useSay();
  const s = useStyles();
  const windows = action.commands[0]?.argv[0] === 'powershell.exe';
  const refused = action.outcome !== 'preview';
  const setForce = usePortActionStore((st) => st.setForce);
  const target = usePortActionStore((st) => st.target);
  return (
    <>
      {refused ? null : <Body1 data-testid="action-preview">{previewSentence(action, windows, say)}</Body1>}
      {action.process?.path ? <Caption1 className={s.path}>{say('path', { path: action.process.path })}</Caption1> : null}
      {refused ? (
        <MessageBar intent="warning" layout="multiline" data-testid="action-refused" data-reason={action.reason ?? action.outcome}>
          <MessageBarBody>{outcomeSentence(action, say)}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Caption1>{say('commands')}</Caption1>
          <div data-testid="action-commands">
            {commandTexts(action, formatArgv).map((c, i) => (
              <CopyableCommand key={i} command={c} />
            ))}
          </div>
          <Caption1>{say(action.elevated ? 'elevated' : 'ownRights')}</Caption1>
          {target?.kind === 'end' && !windows ? (
            <Checkbox checked={target.force} onChange={(_e, d) => void setForce(d.checked === true)} label={t('ports.forceKill')} />
          ) : null}
        </>
      )}
    </>
  );
}

/** What happened after Confirm, said as a sentence, with where it was logged. */
function ResultView({ result }: { result: Remote<Result<PortAction>> }) {
  const { t } = useTranslation();
  const say = useSay();
  if (result.state === 'loading') return <Spinner size="small" label={t('ports.actionRunning')} />;
  if (result.state === 'failed') return <CallFailedBar message={result.message} />;
  if (result.state !== 'done') return null;
  if (result.value.kind !== 'ok') return <UnavailableBar value={result.value} />;
  const action = result.value.data;
  return (
    <MessageBar
      intent={GOOD.has(action.outcome) ? 'success' : 'warning'}
      layout="multiline"
      data-testid="action-result"
      data-outcome={action.outcome}
    >
      <MessageBarBody>
        {outcomeSentence(action, say)}
        {action.reason === 'command-failed' && action.detail ? ` ${action.detail}` : ''}
        {action.auditLog ? <Caption1 as="p">{say('audit', { path: action.auditLog })}</Caption1> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The one place a connection is closed or a process ended: opened from a row's action, it previews (the exact
 * commands, elevation, the program file) and runs only on Confirm; refused actions say why and offer no Confirm.
 */
export function PortActionDialog() {
  const { t } = useTranslation();
  const s = useStyles();
  const target = usePortActionStore((st) => st.target);
  const preview = usePortActionStore((st) => st.preview);
  const result = usePortActionStore((st) => st.result);
  const { confirm, close } = usePortActionStore.getState();
  const action = preview.state === 'done' && preview.value.kind === 'ok' ? preview.value.data : null;
  const canConfirm = action?.outcome === 'preview' && result === null;
  return (
    <Dialog open={target !== null} onOpenChange={(_e, d) => (d.open ? undefined : close())}>
      <DialogSurface data-testid="port-action-dialog">
        <DialogBody>
          <DialogTitle>{t(target?.kind === 'end' ? 'ports.actionTitleEnd' : 'ports.actionTitleClose')}</DialogTitle>
          <DialogContent className={s.content}>
            {preview.state === 'loading' ? <Spinner size="small" label={t('ports.actionPreviewing')} /> : null}
            {preview.state === 'failed' ? <CallFailedBar message={preview.message} /> : null}
            {preview.state === 'done' && preview.value.kind !== 'ok' ? <UnavailableBar value={preview.value} /> : null}
            {action ? <PreviewView action={action} /> : null}
            {result ? <ResultView result={result} /> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={close} data-testid="action-cancel">
              {result ? t('ports.actionClose') : t('ports.actionCancel')}
            </Button>
            {canConfirm ? (
              <Button appearance="primary" onClick={() => void confirm()} data-testid="action-confirm">
                {t(target?.kind === 'end' ? 'ports.actionConfirmEnd' : 'ports.actionConfirm')}
              </Button>
            ) : null}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
