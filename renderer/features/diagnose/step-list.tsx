import { Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../../shared/i18n/engine-text';
import type { Step, StepId } from '../../../shared/schemas/report';
import { EvidenceList } from '../../components/evidence-list';
import { StatusBadge } from '../../components/status-badge';
import { CopyableCommand } from '../../components/copyable-command';
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
    // Rows below the fold are neither laid out nor painted until scrolled to (the evidence of five steps is long).
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 160px',
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
// For UDP neither is joined (the capture counts TCP handshakes): the app says so instead.
const GUI_SUMMARY: Record<string, string> = {
  'engine.combined.clientSkipped': 'wizard.skipped.client',
  'engine.combined.packetsSkipped': 'wizard.skipped.packets',
};
const GUI_SUMMARY_UDP: Record<string, string> = {
  'engine.combined.clientSkipped': 'wizard.skipped.clientUdp',
  'engine.combined.packetsSkipped': 'wizard.skipped.packetsUdp',
};

/** A step's summary in the UI's language, with the app's own words where the engine's sentence is for the CLI. */
function stepSummary(t: TFunction, step: Step, udp: boolean): string {
  const gui = step.summaryKey ? (udp ? GUI_SUMMARY_UDP : GUI_SUMMARY)[step.summaryKey] : undefined;
  return gui ? t(gui) : engineText(t, step.summaryKey, step.summaryParams, step.summary ?? '');
}

/** The five steps: status badge, what the step proves in plain words, summary, evidence, the commands behind it, and optional extras (steps 4 and 5). */
export function StepList({ rows, extra, udp = false }: { rows: readonly StepRow[]; extra?: (id: StepId) => ReactNode; udp?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={t('diagnose.stepsLabel')}>
      {rows.map((row, i) => (
        <StepItem key={row.id} index={i} id={row.id} status={row.status} step={row.step} extra={extra} udp={udp} />
      ))}
    </ol>
  );
}

interface StepItemProps {
  index: number;
  id: StepId;
  status: StepRow['status'];
  step: Step | null;
  extra: ((id: StepId) => ReactNode) | undefined;
  udp: boolean;
}

/** One step (memoized: a streamed step renders its own row, not the four others). */
const StepItem = memo(function StepItem({ index, id, status, step, extra, udp }: StepItemProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const commands = step ? stepCommands(step) : [];
  return (
    <li className={styles.row} data-testid={`step-${id}`} data-status={status}>
      <span className={styles.number}>{index + 1}</span>
      <Body1Strong className={styles.title}>{t(`steps.${id}`)}</Body1Strong>
      <span className={styles.badge}>
        <StatusBadge status={status} />
      </span>
      <div className={styles.body}>
        <Caption1 className={styles.about}>{t(`wizard.about.${id}`)}</Caption1>
        {step ? (
          <>
            {step.summary ? <span className={styles.summary}>{stepSummary(t, step, udp)}</span> : null}
            {step.reason ? <Caption1>{t(`reason.${step.reason}`)}</Caption1> : null}
            <EvidenceList evidence={step.evidence} />
            {commands.length > 0 ? (
              <div className={styles.commands} aria-label={t('wizard.commands')}>
                {commands.map((c) => (
                  <CopyableCommand key={c} command={c} />
                ))}
              </div>
            ) : null}
          </>
        ) : null}
        {extra?.(id)}
      </div>
    </li>
  );
});
