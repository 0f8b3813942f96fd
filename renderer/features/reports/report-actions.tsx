import { Body1, Button, Checkbox, MessageBar, MessageBarBody, Spinner, makeStyles } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSummaryHtml, formatSummaryMarkdown } from '../../../shared/report/format-summary';
import { redactCheck } from '../../../shared/report/redact';
import type { CheckReport } from '../../../shared/schemas/report';
import { CallFailedBar } from '../../components/call-failed-bar';
import { PortField } from '../../components/port-field';
import { SectionCard } from '../../components/section-card';
import { UnavailableBar } from '../../components/unavailable-bar';
import { parsePortInput } from '../../state/port-input';
import { useDiagnoseStore } from '../../state/diagnose-store';
import { downloadText } from './download';
import { reportFileName } from './reports-selectors';
import { useReportsStore } from './reports-store';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'flex-end', gap: '12px', flexWrap: 'wrap', minHeight: '32px' },
});

/** The check the summary describes: the wizard's last answer, or the replayed report it shows. */
function useCurrentCheck(): CheckReport | null {
  const check = useDiagnoseStore((s) => s.check);
  return check.state === 'done' && check.value.kind === 'ok' ? check.value.data : null;
}

/** Save a report bundle of this machine, and a human summary (Markdown, HTML) of the current check; optionally redacted. */
export function ReportActions() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const { redact, saved, setRedact, save } = useReportsStore();
  const diagnosePort = useDiagnoseStore((s) => s.portText);
  const [portText, setPortText] = useState(diagnosePort);
  const parsed = parsePortInput(portText);
  const portError = portText.trim() !== '' && !parsed.ok ? t(`diagnose.${parsed.error}`) : undefined;
  const check = useCurrentCheck();
  const saveSummary = (format: 'md' | 'html') => {
    if (!check) return;
    const report = redact ? redactCheck(check) : check;
    const lookup = (key: string, values?: Record<string, string | number>) => t(key, values ?? {});
    const text =
      format === 'md' ? formatSummaryMarkdown(report, lookup) : formatSummaryHtml(report, lookup, new Date().toISOString(), i18n.language);
    const host = report.replayed?.hostname ?? report.host?.hostname ?? 'host';
    const name = reportFileName(host, report.target.port, report.replayed?.recordedAt ?? new Date().toISOString(), `summary.${format}`);
    downloadText(name, text, format === 'md' ? 'text/markdown' : 'text/html');
  };
  return (
    <SectionCard title={t('reports.saveTitle')} intro={t('reports.saveIntro')} testId="report-actions">
      <Checkbox
        checked={redact}
        onChange={(_e, d) => setRedact(d.checked === true)}
        label={t('reports.redact')}
        data-testid="report-redact"
      />
      <div className={styles.bar}>
        <PortField label={t('reports.port')} value={portText} onChange={setPortText} error={portError} testId="report-port" />
        <Button
          appearance="primary"
          icon={<ArrowDownloadRegular />}
          disabled={Boolean(portError) || saved.state === 'loading'}
          onClick={() => void save(parsed.ok ? parsed.port : null)}
        >
          {t('reports.save')}
        </Button>
        {saved.state === 'loading' ? <Spinner size="tiny" labelPosition="after" label={t('reports.collecting')} /> : null}
      </div>
      {saved.state === 'failed' ? <CallFailedBar message={saved.message} /> : null}
      {saved.state === 'done' && saved.value.kind === 'unavailable' ? <UnavailableBar value={saved.value} /> : null}
      {saved.state === 'done' && saved.value.kind === 'ok' ? (
        <MessageBar intent="success" data-testid="report-saved">
          <MessageBarBody>{t('reports.saved', { name: saved.value.data.fileName, count: saved.value.data.sources })}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.bar}>
        <Button icon={<ArrowDownloadRegular />} disabled={!check} onClick={() => saveSummary('md')} data-testid="summary-md">
          {t('reports.summaryMarkdown')}
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!check} onClick={() => saveSummary('html')} data-testid="summary-html">
          {t('reports.summaryHtml')}
        </Button>
        {!check ? <Body1>{t('reports.summaryNeedsCheck')}</Body1> : null}
      </div>
    </SectionCard>
  );
}
