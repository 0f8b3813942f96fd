import { Body1, Button, Caption1, Spinner, makeStyles } from '@fluentui/react-components';
import { JsonFileButton } from '../../components/json-file-button';
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../../components/call-failed-bar';
import { useShellStore } from '../../state/shell-store';
import { ReportActions } from './report-actions';
import { RefusedBar, ReportCard } from './report-card';
import { MAX_REPORT_BYTES, useReportsStore } from './reports-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '880px' },
  bar: { display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px', flexWrap: 'wrap' },
});

/** Reports: open a `.portdoctor.json` recorded elsewhere (and replay it in the wizard), or save one of this machine with a summary. */
export function ReportsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { fileName, tooLarge, opened, open, showInWizard } = useReportsStore();
  const setSection = useShellStore((s) => s.setSection);
  return (
    <div className={styles.page}>
      <PageTitle>{t('reports.title')}</PageTitle>
      <Body1>{t('reports.intro')}</Body1>
      <div className={styles.bar}>
        <JsonFileButton
          primary
          label={t('reports.open')}
          fileLabel={t('reports.fileLabel')}
          onFile={(file) => void open(file)}
          testId="report-file"
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
