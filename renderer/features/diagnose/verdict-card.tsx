import { Body1, Card, CardHeader, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CheckReport } from '../../../shared/schemas/report';

const useStyles = makeStyles({
  fixes: { margin: 0, paddingLeft: '20px' },
  command: { display: 'block', fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  text: { overflowWrap: 'anywhere' },
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  heading: { margin: 0 },
});

/** The verdict: one cause in plain words, the engine's summary, and the fixes it offers. */
export function VerdictCard({ report }: { report: CheckReport }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { verdict } = report;
  // "Nothing stops the connection" is only said when every step could be checked.
  const headline = verdict.cause === 'ok' && verdict.partial ? t('diagnose.okPartial') : t(`cause.${verdict.cause}`);
  return (
    <Card data-testid="verdict" data-cause={verdict.cause}>
      <CardHeader header={<Subtitle2>{headline}</Subtitle2>} description={<Caption1>{t('diagnose.verdict')}</Caption1>} />
      <Body1 className={styles.text}>{verdict.summary}</Body1>
      {verdict.partial ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('diagnose.partial')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {verdict.fixes.length > 0 ? (
        <section className={styles.section} aria-label={t('diagnose.fixes')}>
          <Subtitle2 as="h3" className={styles.heading}>
            {t('diagnose.fixes')}
          </Subtitle2>
          <ul className={styles.fixes}>
            {verdict.fixes.map((fix) => (
              <li key={fix.id}>
                <span className={styles.text}>{fix.title}</span>
                {fix.commands?.map((c, i) => (
                  <code key={i} className={styles.command}>
                    {c}
                  </code>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Card>
  );
}
