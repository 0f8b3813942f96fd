import { Card, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bundle } from '../../../shared/bundle/schema';
import { selectReportSummary } from './reports-selectors';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '16px', rowGap: '6px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  detail: { display: 'block', overflowWrap: 'anywhere' },
});

/** A refused file: the handler's reason as text, and what to do next. */
export function RefusedBar({ detail }: { detail: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline" data-testid="report-refused">
      <MessageBarBody>
        <MessageBarTitle>{t('reports.refused')}</MessageBarTitle>
        <span className={styles.detail}>{detail}</span>
        <span className={styles.detail}>{t('reports.refusedNext')}</span>
      </MessageBarBody>
    </MessageBar>
  );
}

/** What an opened report holds. Every value is untrusted text: React renders it as text, never as HTML. */
export function ReportCard({ bundle }: { bundle: Bundle }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const s = selectReportSummary(bundle, i18n.language);
  const rows = [
    ['host', s.host],
    ['platform', [t(`platform.${s.os}`), s.osDetail].filter(Boolean).join(' ')],
    ['recordedAt', s.recordedAt],
    ['appVersion', s.appVersion],
    ['sources', String(s.sources)],
    ['target', s.port ?? t('reports.none')],
    ['verdict', s.cause ? t(`cause.${s.cause}`) : t('reports.none')],
  ] as const;
  return (
    <>
      <MessageBar intent="info" layout="multiline" data-testid="report-replay-note">
        <MessageBarBody>{t('reports.replayNote', { host: s.host, time: s.recordedAt })}</MessageBarBody>
      </MessageBar>
      <Card data-testid="report-card">
        <dl className={styles.facts}>
          {rows.map(([key, value]) => (
            <Fragment key={key}>
              <dt className={styles.term}>{t(`reports.${key}`)}</dt>
              <dd className={styles.value} data-testid={`report-${key}`}>
                {value}
              </dd>
            </Fragment>
          ))}
        </dl>
      </Card>
    </>
  );
}
