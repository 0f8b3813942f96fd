import { Body1, Button, Caption1, Spinner, makeStyles } from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useRef } from 'react';
import type { ChangeEvent } from 'react';
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../../components/call-failed-bar';
import { useShellStore } from '../shell/shell-store';
import { ReportActions } from './report-actions';
import { RefusedBar, ReportCard } from './report-card';
import { MAX_REPORT_BYTES, useReportsStore } from './reports-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '880px' },
  bar: { display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px', flexWrap: 'wrap' },
  hidden: { display: 'none' },
});

/** Reports: open a `.portdoctor.json` recorded elsewhere (and replay it in the wizard), or save one of this machine with a summary. */
export function ReportsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const { fileName, tooLarge, opened, open, showInWizard } = useReportsStore();
  const setSection = useShellStore((s) => s.setSection);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared so choosing the same file again still reopens it.
    e.target.value = '';
    if (file) void open(file);
  };
  return (
    <div className={styles.page}>
      <PageTitle>{t('reports.title')}</PageTitle>
      <Body1>{t('reports.intro')}</Body1>
      <div className={styles.bar}>
        <Button appearance="primary" icon={<DocumentArrowUpRegular />} onClick={() => input.current?.click()}>
          {t('reports.open')}
        </Button>
        <input
          ref={input}
          className={styles.hidden}
          type="file"
          accept=".json,application/json"
          aria-label={t('reports.fileLabel')}
          tabIndex={-1}
          onChange={onFile}
          data-testid="report-file"
        />
        {fileName ? <Caption1>{t('reports.fileName', { name: fileName })}</Caption1> : null}
        {opened.state === 'loading' && fileName ? (
          <Spinner size="tiny" labelPosition="after" label={t('reports.reading', { name: fileName })} />
        ) : null}
      </div>
      {tooLarge ? <RefusedBar detail={t('reports.tooLarge', { mb: MAX_REPORT_BYTES / 1024 / 1024 })} /> : null}
      {opened.state === 'failed' ? <CallFailedBar message={opened.message} /> : null}
      {opened.state === 'done' && opened.value.kind === 'unavailable' ? <RefusedBar detail={opened.value.detail} /> : null}
      {opened.state === 'done' && opened.value.kind === 'ok' ? <ReportCard bundle={opened.value.data.bundle} /> : null}
      {opened.state === 'done' && opened.value.kind === 'ok' && opened.value.data.check ? (
        <div className={styles.bar}>
          <Button
            appearance="primary"
            data-testid="report-show-wizard"
            onClick={() => {
              showInWizard();
              setSection('diagnose');
            }}
          >
            {t('reports.showInWizard')}
          </Button>
        </div>
      ) : null}
      {opened.state === 'done' && opened.value.kind === 'ok' && !opened.value.data.check ? <Body1>{t('reports.noCheck')}</Body1> : null}
      <ReportActions />
    </div>
  );
}
