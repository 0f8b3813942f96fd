import { Body1, Button, Card, Field, Input, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { FormEvent } from 'react';
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import type { FirewallStatus } from '../../../shared/schemas/firewall';
import { CallFailedBar } from '../../components/call-failed-bar';
import { PortField } from '../../components/port-field';
import { EvidenceList } from '../../components/evidence-list';
import { UnavailableBar } from '../../components/unavailable-bar';
import { parsePortInput } from '../../state/port-input';
import { FixPanel } from '../../components/fix/fix-panel';
import { OwnFixes } from './own-fixes';
import { RuleTrace } from './rule-trace';
import { isSourceValid, useFirewallStore } from './firewall-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '880px' },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: '16px' },
  input: { width: '100%' },
  source: { width: '340px' },
  action: { paddingTop: '26px', display: 'flex', alignItems: 'center', gap: '12px' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '16px', rowGap: '4px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  rule: { margin: 0, fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

/** Firewall: what the host firewall decides for a new connection to a port. */
export function FirewallPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { portText, source, touched, status, asked, setPortText, setSource, check } = useFirewallStore();
  const parsed = parsePortInput(portText);
  const portError = touched && !parsed.ok ? t(`diagnose.${parsed.error}`) : undefined;
  const sourceError = touched && !isSourceValid(source) ? t('firewall.errorSource') : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check();
  };
  return (
    <div className={styles.page}>
      <PageTitle>{t('firewall.title')}</PageTitle>
      <Body1>{t('firewall.intro')}</Body1>
      <form className={styles.form} onSubmit={submit} noValidate>
        <PortField label={t('firewall.port')} hint={t('diagnose.portHint')} value={portText} onChange={setPortText} error={portError} />
        <Field
          className={styles.source}
          label={t('firewall.source')}
          hint={sourceError ? undefined : t('firewall.sourceHint')}
          validationMessage={sourceError}
          validationState={sourceError ? 'error' : 'none'}
        >
          <Input
            className={styles.input}
            value={source}
            onChange={(_e, data) => setSource(data.value)}
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <div className={styles.action}>
          <Button appearance="primary" type="submit" disabled={status.state === 'loading'}>
            {t('firewall.check')}
          </Button>
          <span aria-live="polite">
            {status.state === 'loading' ? <Spinner size="tiny" label={t('common.loading')} labelPosition="after" /> : null}
          </span>
        </div>
      </form>
      {status.state === 'failed' ? <CallFailedBar message={status.message} onRetry={() => void check()} /> : null}
      {status.state === 'done' && status.value.kind === 'unavailable' ? <UnavailableBar value={status.value} /> : null}
      {status.state === 'done' && status.value.kind === 'ok' ? <StatusCard status={status.value.data} /> : null}
      {status.state === 'done' && status.value.kind === 'ok' && asked ? <FixPanel request={asked} /> : null}
      <OwnFixes />
    </div>
  );
}

function StatusCard({ status }: { status: FirewallStatus }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const enabled = status.enabled === null ? t('firewall.unknown') : status.enabled ? t('firewall.yes') : t('firewall.no');
  return (
    <Card data-testid="firewall-status" data-decision={status.decision}>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('firewall.backend')}</dt>
        <dd className={styles.value}>{t(`backend.${status.backend}`)}</dd>
        <dt className={styles.term}>{t('firewall.enabled')}</dt>
        <dd className={styles.value}>{enabled}</dd>
        <dt className={styles.term}>{t('firewall.decision')}</dt>
        <dd className={styles.value}>{t(`decision.${status.decision}`)}</dd>
        {status.decidingRule ? (
          <>
            <dt className={styles.term}>{t('firewall.decidingRule')}</dt>
            <dd className={styles.rule}>{status.decidingRule}</dd>
          </>
        ) : null}
      </dl>
      {status.trace || status.policy ? <RuleTrace status={status} /> : null}
      <EvidenceList evidence={status.evidence} />
    </Card>
  );
}
