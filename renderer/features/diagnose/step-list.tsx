import { Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../../shared/i18n/engine-text';
import type { Step, StepId } from '../../../shared/schemas/report';
import { EvidenceList } from '../../components/evidence-list';
import { StatusBadge } from '../../components/status-badge';
import { CopyableCommand } from './copyable-command';
import type { StepRow } from './diagnose-selectors';
import { stepCommands } from './wizard-selectors';

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
  about: { color: tokens.colorNeutralForeground3 },
  commands: { display: 'flex', flexDirection: 'column', gap: '4px' },
});

// The engine's skipped-step sentences name CLI flags (`--client-report`, `--watch`); the app has buttons for both.
const GUI_SUMMARY: Record<string, string> = {
  'engine.combined.clientSkipped': 'wizard.skipped.client',
  'engine.combined.packetsSkipped': 'wizard.skipped.packets',
};

/** A step's summary in the UI's language, with the app's own words where the engine's sentence is for the CLI. */
function stepSummary(t: TFunction, step: Step): string {
  const gui = step.summaryKey ? GUI_SUMMARY[step.summaryKey] : undefined;
  return gui ? t(gui) : engineText(t, step.summaryKey, step.summaryParams, step.summary ?? '');
}

/** The five steps: status badge, what the step proves in plain words, summary, evidence, the commands behind it, and optional extras (steps 4 and 5). */
export function StepList({ rows, extra }: { rows: readonly StepRow[]; extra?: (id: StepId) => ReactNode }) {
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
          <div className={styles.body}>
            <Caption1 className={styles.about}>{t(`wizard.about.${row.id}`)}</Caption1>
            {row.step ? (
              <>
                {row.step.summary ? <span className={styles.summary}>{stepSummary(t, row.step)}</span> : null}
                {row.step.reason ? <Caption1>{t(`reason.${row.step.reason}`)}</Caption1> : null}
                <EvidenceList evidence={row.step.evidence} />
                {stepCommands(row.step).length > 0 ? (
                  <div className={styles.commands} aria-label={t('wizard.commands')}>
                    {stepCommands(row.step).map((c) => (
                      <CopyableCommand key={c} command={c} />
                    ))}
                  </div>
                ) : null}
              </>
            ) : null}
            {extra?.(row.id)}
          </div>
        </li>
      ))}
    </ol>
  );
}
