import { Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { EvidenceList } from '../../components/evidence-list';
import { StatusBadge } from '../../components/status-badge';
import type { StepRow } from './diagnose-selectors';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  row: {
    display: 'grid',
    gridTemplateColumns: '28px 1fr 150px',
    alignItems: 'start',
    gap: '12px',
    padding: '10px 12px',
    minHeight: '44px',
    boxSizing: 'border-box',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  number: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums', lineHeight: '24px' },
  title: { lineHeight: '24px' },
  badge: { justifySelf: 'end' },
  body: { gridColumn: '2 / 4', display: 'flex', flexDirection: 'column', gap: '4px' },
  summary: { overflowWrap: 'anywhere' },
});

/** The five steps with their status badges, summaries and evidence. */
export function StepList({ rows }: { rows: readonly StepRow[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={t('diagnose.stepsLabel')}>
      {rows.map((row, i) => (
        <li key={row.id} className={styles.row} data-testid={`step-${row.id}`} data-status={row.status}>
          <span className={styles.number}>{i + 1}</span>
          <Body1Strong className={styles.title}>{t(`steps.${row.id}`)}</Body1Strong>
          <span className={styles.badge}>
            <StatusBadge status={row.status} />
          </span>
          {row.step ? (
            <div className={styles.body}>
              {row.step.summary ? <span className={styles.summary}>{row.step.summary}</span> : null}
              {row.step.reason ? <Caption1>{t(`reason.${row.step.reason}`)}</Caption1> : null}
              <EvidenceList evidence={row.step.evidence} />
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
