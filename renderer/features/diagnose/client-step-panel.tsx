import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { JsonFileButton } from '../../components/json-file-button';
import { CopyableCommand } from '../../components/copyable-command';
import { useDiagnoseStore } from '../../state/diagnose-store';
import { MAX_CLIENT_REPORT_BYTES } from '../../state/client-report';
import { clientOneLiners } from './wizard-selectors';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '4px' },
  label: { fontWeight: tokens.fontWeightSemibold },
  drop: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
  },
  dragging: { border: `1px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  bar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  block: { display: 'block', overflowWrap: 'anywhere' },
});

/** Open, drop or paste the client's probe.json; refused before reading when it is too large to be one. */
function ClientIntake() {
  const { t } = useTranslation();
  const styles = useStyles();
  const acceptClientText = useDiagnoseStore((s) => s.acceptClientText);
  const refuseClient = useDiagnoseStore((s) => s.refuseClient);
  const [pasted, setPasted] = useState('');
  const [dragging, setDragging] = useState(false);
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    // Refused before reading, so a huge file never lands in memory.
    if (file.size > MAX_CLIENT_REPORT_BYTES) return refuseClient({ error: 'clientTooLarge', detail: `${file.size} bytes` });
    acceptClientText(await file.text());
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void readFile(e.dataTransfer.files[0]);
  };
  return (
    <div
      className={dragging ? `${styles.drop} ${styles.dragging}` : styles.drop}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="client-drop"
    >
      <div className={styles.bar}>
        <JsonFileButton
          label={t('wizard.clientOpen')}
          fileLabel={t('wizard.clientFile')}
          onFile={(file) => void readFile(file)}
          testId="client-file"
        />
        <Caption1>{t('wizard.clientDrop')}</Caption1>
      </div>
      <Field label={t('wizard.clientPaste')}>
        <Textarea value={pasted} onChange={(_e, d) => setPasted(d.value)} resize="vertical" spellCheck={false} data-testid="client-paste" />
      </Field>
      <div className={styles.bar}>
        <Button onClick={() => acceptClientText(pasted)} disabled={pasted.trim() === ''}>
          {t('wizard.clientUse')}
        </Button>
      </div>
    </div>
  );
}

/** What became of the client's result: refused with the reason and what to do, or accepted with a re-run. */
function ClientAnswer() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { clientReport, clientError, clearClientReport, run } = useDiagnoseStore(
    useShallow((s) => ({ clientReport: s.clientReport, clientError: s.clientError, clearClientReport: s.clearClientReport, run: s.run })),
  );
  return (
    <>
      {clientError ? (
        <MessageBar intent="error" layout="multiline" data-testid="client-refused">
          <MessageBarBody>
            <MessageBarTitle>{t(`wizard.${clientError.error}`)}</MessageBarTitle>
            <span className={styles.block}>{clientError.detail}</span>
            <span className={styles.block}>{t('wizard.clientNext')}</span>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {clientReport ? (
        <>
          <MessageBar intent="success" layout="multiline" data-testid="client-accepted" data-outcome={clientReport.outcome}>
            <MessageBarBody>
              <MessageBarTitle>{t('wizard.clientAccepted')}</MessageBarTitle>
              {t('wizard.clientResult', {
                host: clientReport.target.host,
                port: clientReport.target.port,
                outcome: t(`outcome.${clientReport.outcome}`),
              })}
            </MessageBarBody>
          </MessageBar>
          <div className={styles.bar}>
            <Button appearance="primary" onClick={() => void run()}>
              {t('wizard.rerun')}
            </Button>
            <Button onClick={clearClientReport}>{t('wizard.clientRemove')}</Button>
          </div>
        </>
      ) : null}
    </>
  );
}

/**
 * Step 4 seen from the server: what to run on the client, and a place to hand its result back (file, drop or paste).
 * For UDP, PortDoctor's own probe with --udp, read on the client (both ends are joined for TCP only).
 */
export function ClientStepPanel({ port }: { port: number | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const host = useDiagnoseStore((s) => s.host);
  const udp = useDiagnoseStore((s) => s.protocol === 'udp');
  return (
    <div className={styles.root} data-testid="client-panel" data-protocol={udp ? 'udp' : 'tcp'}>
      <Body1>{t(udp ? 'wizard.clientIntroUdp' : 'wizard.clientIntro')}</Body1>
      {clientOneLiners(host, port ?? 0, udp ? 'udp' : 'tcp').map((l) => (
        <div key={l.id}>
          <Caption1 className={styles.label}>{t(`wizard.oneLiner.${l.id}`)}</Caption1>
          <CopyableCommand command={l.command} label={t(`wizard.oneLiner.${l.id}`)} />
        </div>
      ))}
      {udp ? null : <ClientIntake />}
      {udp ? null : <ClientAnswer />}
    </div>
  );
}
