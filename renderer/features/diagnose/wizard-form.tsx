import { Button, Caption1, Field, Input, Radio, RadioGroup, Spinner, makeStyles } from '@fluentui/react-components';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Protocol } from '../../../shared/schemas/common';
import { isHost } from '../../../shared/net/address';
import { parsePortInput } from '../../state/port-input';
import { isClientSourceValid, useDiagnoseStore } from '../../state/diagnose-store';
import { RemoteFields } from './remote-form';
import { useRemoteStore } from '../../state/remote-store';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: '16px' },
  port: { width: '200px' },
  input: { width: '100%' },
  host: { width: '240px' },
  protocol: { minWidth: '140px' },
  // A row of its own: Cancel and the progress text appear there without pushing anything else around.
  action: { flexBasis: '100%', display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px' },
  progress: { minHeight: '24px' },
});

/** One labelled text input with its hint, replaced by the error once there is one. */
function TextField(props: {
  className: string;
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  numeric?: boolean;
}) {
  const styles = useStyles();
  return (
    <Field
      className={props.className}
      label={props.label}
      hint={props.error ? undefined : props.hint}
      validationMessage={props.error}
      validationState={props.error ? 'error' : 'none'}
    >
      <Input
        className={styles.input}
        value={props.value}
        onChange={(_e, data) => props.onChange(data.value)}
        spellCheck={false}
        autoComplete="off"
        data-testid={props.testId}
        {...(props.numeric ? { inputMode: 'numeric' as const } : {})}
      />
    </Field>
  );
}

/**
 * The wizard's form: the address clients use (or, on a client, the server), the port, where clients come from; for a
 * server over SSH its login instead (the client address is the one the server sees). Check, Cancel, progress.
 */
export function WizardForm() {
  const { t } = useTranslation();
  const styles = useStyles();
  // Not the run: starting, streaming, cancelling and ending a run render the action row below, not the fields.
  const { portText, host, source, role, protocol, touched, setPortText, setHost, setSource, setProtocol, run } = useDiagnoseStore(
    useShallow((s) => ({
      portText: s.portText,
      host: s.host,
      source: s.source,
      role: s.role,
      protocol: s.protocol,
      touched: s.touched,
      setPortText: s.setPortText,
      setHost: s.setHost,
      setSource: s.setSource,
      setProtocol: s.setProtocol,
      run: s.run,
    })),
  );
  const parsed = parsePortInput(portText);
  const portError = touched && !parsed.ok ? t(`diagnose.${parsed.error}`) : undefined;
  const hostError = touched && role === 'client' && !isHost(host.trim()) ? t('diagnose.errorHost') : undefined;
  const sourceError = touched && role === 'server' && !isClientSourceValid(source) ? t('firewall.errorSource') : undefined;
  const overSsh = useRemoteStore((s) => s.where === 'ssh') && role === 'server';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };
  const client = role === 'client';
  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      {overSsh ? <RemoteFields touched={touched} /> : null}
      {overSsh ? null : (
        <TextField
          className={styles.host}
          label={client ? t('diagnose.host') : t('wizard.address')}
          hint={client ? t('diagnose.hostHint') : t('wizard.addressHint')}
          error={hostError}
          value={host}
          onChange={setHost}
          testId="host-input"
        />
      )}
      <TextField
        className={styles.port}
        label={t('diagnose.port')}
        hint={t('diagnose.portHint')}
        error={portError}
        value={portText}
        onChange={setPortText}
        testId="port-input"
        numeric
      />
      <Field className={styles.protocol} label={t('diagnose.protocol')}>
        {overSsh ? (
          <Caption1 data-testid="protocol-ssh">{t('wizard.sshTcpOnly')}</Caption1>
        ) : (
          <RadioGroup
            layout="horizontal"
            value={protocol}
            onChange={(_e, data) => setProtocol(data.value as Protocol)}
            data-testid="protocol"
          >
            <Radio value="tcp" label="TCP" data-testid="protocol-tcp" />
            <Radio value="udp" label="UDP" data-testid="protocol-udp" />
          </RadioGroup>
        )}
      </Field>
      {client || overSsh ? null : (
        <TextField
          className={styles.host}
          label={t('wizard.source')}
          hint={t('wizard.sourceHint')}
          error={sourceError}
          value={source}
          onChange={setSource}
          testId="source-input"
        />
      )}
      <WizardActions port={parsed.ok ? parsed.port : null} client={client} overSsh={overSsh} protocol={protocol} />
    </form>
  );
}

/**
 * Check, Cancel and the progress line: the only part of the form a run changes, so starting or cancelling one
 * renders this row alone (Cancel answers in the next frame) rather than every field above it.
 */
function WizardActions({
  port,
  client,
  overSsh,
  protocol,
}: {
  port: number | null;
  client: boolean;
  overSsh: boolean;
  protocol: Protocol;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { waiting, cancel } = useDiagnoseStore(
    useShallow((s) => ({ waiting: s.role === 'server' ? s.check.state === 'loading' : s.probe.state === 'loading', cancel: s.cancel })),
  );
  const progress = useRemoteStore((s) => s.progress);
  return (
    <div className={styles.action}>
      <Button appearance="primary" type="submit" disabled={waiting}>
        {t('diagnose.start')}
      </Button>
      {!client && waiting ? (
        <Button onClick={cancel} data-testid="wizard-cancel">
          {t('wizard.cancel')}
        </Button>
      ) : null}
      <span className={styles.progress} aria-live="polite">
        {waiting && port !== null ? (
          <Spinner
            size="tiny"
            labelPosition="after"
            label={
              overSsh && progress ? progress : t(protocol === 'udp' && !overSsh ? 'diagnose.checkingUdp' : 'diagnose.checking', { port })
            }
            data-testid="wizard-progress"
          />
        ) : null}
      </span>
    </div>
  );
}
