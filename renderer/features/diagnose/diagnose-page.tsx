import { Body1, Button, Field, Input, Radio, RadioGroup, Spinner, makeStyles } from '@fluentui/react-components';
import type { FormEvent } from 'react';
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import { isHost } from '../../../shared/net/address';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import { useShellStore } from '../shell/shell-store';
import { parsePortInput, selectStepRows } from './diagnose-selectors';
import { useDiagnoseStore } from './diagnose-store';
import type { Role } from './diagnose-store';
import { ProbeResult } from './probe-result';
import { StepList } from './step-list';
import { VerdictCard } from './verdict-card';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '880px' },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: '16px' },
  port: { width: '200px' },
  input: { width: '100%' },
  host: { width: '280px' },
  // The button sits level with the inputs, below their labels.
  action: { paddingTop: '26px', display: 'flex', alignItems: 'center', gap: '12px', minWidth: '240px' },
  progress: { minHeight: '24px' },
});

/** Diagnose: the port, where the user stands, and the five steps with the verdict. */
export function DiagnosePage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { portText, host, role, touched, check, probe, setPortText, setHost, setRole, run } = useDiagnoseStore();
  const setSection = useShellStore((s) => s.setSection);
  const parsed = parsePortInput(portText);
  const portError = touched && !parsed.ok ? t(`diagnose.${parsed.error}`) : undefined;
  const hostError = touched && role === 'client' && !isHost(host.trim()) ? t('diagnose.errorHost') : undefined;
  const waiting = role === 'server' ? check.state === 'loading' : probe.state === 'loading';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };
  return (
    <div className={styles.page}>
      <PageTitle>{t('diagnose.title')}</PageTitle>
      <Body1>{t('diagnose.intro')}</Body1>
      <RadioGroup layout="horizontal" aria-label={t('diagnose.role')} value={role} onChange={(_e, data) => setRole(data.value as Role)}>
        <Radio value="server" label={t('diagnose.roleServer')} />
        <Radio value="client" label={t('diagnose.roleClient')} />
        <Radio value="report" label={t('diagnose.roleReport')} />
      </RadioGroup>
      {role === 'report' ? (
        <div>
          <Body1>{t('diagnose.reportHint')}</Body1>{' '}
          <Button appearance="primary" onClick={() => setSection('reports')}>
            {t('diagnose.goToReports')}
          </Button>
        </div>
      ) : (
        <form className={styles.form} onSubmit={submit} noValidate>
          {role === 'client' ? (
            <Field
              className={styles.host}
              label={t('diagnose.host')}
              hint={t('diagnose.hostHint')}
              validationMessage={hostError}
              validationState={hostError ? 'error' : 'none'}
            >
              <Input
                className={styles.input}
                value={host}
                onChange={(_e, data) => setHost(data.value)}
                spellCheck={false}
                autoComplete="off"
              />
            </Field>
          ) : null}
          <Field
            className={styles.port}
            label={t('diagnose.port')}
            hint={portError ? undefined : t('diagnose.portHint')}
            validationMessage={portError}
            validationState={portError ? 'error' : 'none'}
          >
            <Input
              className={styles.input}
              value={portText}
              onChange={(_e, data) => setPortText(data.value)}
              inputMode="numeric"
              autoComplete="off"
              data-testid="port-input"
            />
          </Field>
          <div className={styles.action}>
            <Button appearance="primary" type="submit" disabled={waiting}>
              {t('diagnose.start')}
            </Button>
            <span className={styles.progress} aria-live="polite">
              {waiting && parsed.ok ? (
                <Spinner size="tiny" labelPosition="after" label={t('diagnose.checking', { port: parsed.port })} />
              ) : null}
            </span>
          </div>
        </form>
      )}
      {role === 'server' ? <ServerResult /> : null}
      {role === 'client' ? <ProbeResult probe={probe} onRetry={() => void run()} /> : null}
    </div>
  );
}

function ServerResult() {
  const check = useDiagnoseStore((s) => s.check);
  const run = useDiagnoseStore((s) => s.run);
  return (
    <>
      {check.state === 'failed' ? <CallFailedBar message={check.message} onRetry={() => void run()} /> : null}
      {check.state === 'done' && check.value.kind === 'unavailable' ? <UnavailableBar value={check.value} /> : null}
      {check.state === 'done' && check.value.kind === 'ok' ? <VerdictCard report={check.value.data} /> : null}
      <StepList rows={selectStepRows(check)} />
    </>
  );
}
