import { Badge, Caption1, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { FirewallStatus } from '../../../shared/schemas/firewall';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  rule: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: '6px 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  deciding: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  where: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
  text: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  head: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  heading: { margin: 0 },
  // Fluent's text components are inline: a column keeps the heading, the caption and the list on their own lines.
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
});

/** The rules a SYN to the port meets, in order, with the one that decides highlighted (or the chain policy when none did). */
export function RuleTrace({ status }: { status: FirewallStatus }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const trace = status.trace ?? [];
  return (
    <section className={styles.section} aria-label={t('firewall.traceLabel')} data-testid="rule-trace">
      <Subtitle2 as="h3" className={styles.heading}>
        {status.evaluatedSource ? t('firewall.traceFor', { source: status.evaluatedSource }) : t('firewall.traceLabel')}
      </Subtitle2>
      {trace.length === 0 ? <Caption1>{t('firewall.traceEmpty')}</Caption1> : null}
      <ol className={styles.list}>
        {trace.map((r, i) => (
          <li
            key={i}
            className={mergeClasses(styles.rule, r.deciding && styles.deciding)}
            data-testid="trace-rule"
            data-deciding={r.deciding}
            aria-current={r.deciding ? 'true' : undefined}
          >
            <span className={styles.head}>
              <Caption1 className={styles.where}>
                {[
                  r.table,
                  r.chain,
                  r.name,
                  r.handle !== undefined ? `handle ${r.handle}` : r.position !== undefined ? `#${r.position}` : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Caption1>
              {r.deciding ? (
                <Badge color="brand" appearance="filled">
                  {t('firewall.decides', { decision: t(`decision.${status.decision}`) })}
                </Badge>
              ) : null}
              {r.counters ? <Caption1>{t('firewall.counters', { packets: r.counters.packets })}</Caption1> : null}
            </span>
            <span className={styles.text}>{r.text}</span>
          </li>
        ))}
        {status.policy && !trace.some((r) => r.deciding) ? (
          <li className={mergeClasses(styles.rule, styles.deciding)} data-testid="trace-policy" data-deciding="true" aria-current="true">
            <span className={styles.head}>
              <Caption1 className={styles.where}>{[status.policy.table, status.policy.chain].filter(Boolean).join(' · ')}</Caption1>
              <Badge color="brand" appearance="filled">
                {t('firewall.decides', { decision: t(`decision.${status.decision}`) })}
              </Badge>
            </span>
            <span className={styles.text}>{t('firewall.policy', { policy: status.policy.policy })}</span>
          </li>
        ) : null}
      </ol>
    </section>
  );
}
