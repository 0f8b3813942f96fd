import { Body1, Card, CardHeader, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../../shared/i18n/engine-text';
import { verdictLead } from '../../../shared/report/verdict-lead';
import type { CheckReport, Evidence, Fix } from '../../../shared/schemas/report';
import { FixPanel } from '../../components/fix/fix-panel';
import { CopyableCommand } from '../../components/copyable-command';
import { isOneClickFix } from './wizard-selectors';

const useStyles = makeStyles({
  fixes: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '12px' },
  fix: { display: 'flex', flexDirection: 'column', gap: '4px' },
  text: { overflowWrap: 'anywhere' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  heading: { margin: 0 },
  proof: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  proofText: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** The proof of the cause, strongest first: the deciding rule, what was counted or captured, what the client saw. */
function ProofList({ proof }: { proof: readonly Evidence[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={t('diagnose.proof')} data-testid="verdict-proof">
      <Subtitle2 as="h3" className={styles.heading}>
        {t('diagnose.proof')}
      </Subtitle2>
      <ul className={styles.proof}>
        {proof.map((e, i) => (
          <li key={i}>
            <span className={styles.proofText}>{engineText(t, e.key, e.params, e.text)}</span>
            {e.source || e.command ? (
              <>
                <br />
                <Caption1 className={styles.meta}>{[e.source, e.command].filter(Boolean).join(' · ')}</Caption1>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A guided fix: what to do, why, and the commands to run by hand (PortDoctor runs none of them). */
function GuidedFix({ fix }: { fix: Fix }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <li className={styles.fix} data-testid={`fix-${fix.id}`} data-kind="guided">
      <span className={styles.text}>{engineText(t, fix.titleKey, fix.titleParams, fix.title)}</span>
      {fix.detail ? <Caption1 className={styles.text}>{engineText(t, fix.detailKey, fix.detailParams, fix.detail)}</Caption1> : null}
      {fix.commands?.map((c) => (
        <CopyableCommand key={c} command={c} />
      ))}
    </li>
  );
}

/**
 * The verdict, read first: the cause in plain words, its proof (the deciding rule, the counted SYNs, the client's
 * result), the engine's reasoning only when it adds to the cause, and what to do. The firewall change is one click through
 * the fix panel the Firewall page shows too (renderer/components/fix/: preview, scope, confirm, result, undo) — on the
 * server over SSH when `sshHost` is given; while replaying a report it is only described.
 */
export function VerdictCard({ report, replaying = false, sshHost }: { report: CheckReport; replaying?: boolean; sshHost?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { verdict } = report;
  const lead = verdictLead(report);
  // The summary is worth a line only when it says more than the headline (a decision row) or explains an unknown.
  const showSummary = verdict.cause === 'unknown' || lead.summaryAdds;
  // "Nothing stops the connection" is only said when every step could be checked.
  const headline = verdict.cause === 'ok' && verdict.partial ? t('diagnose.okPartial') : t(`cause.${verdict.cause}`);
  const oneClick = !replaying && verdict.fixes.some(isOneClickFix);
  const guided = verdict.fixes.filter((f) => replaying || !isOneClickFix(f));
  const request = {
    port: report.target.port,
    ...(report.target.protocol === 'udp' ? { protocol: 'udp' as const } : {}),
    ...(report.target.source && !report.target.source.includes('<') ? { source: report.target.source } : {}),
  };
  return (
    <Card data-testid="verdict" data-cause={verdict.cause}>
      <CardHeader header={<Subtitle2>{headline}</Subtitle2>} description={<Caption1>{t('diagnose.verdict')}</Caption1>} />
      {lead.proof.length > 0 ? <ProofList proof={lead.proof} /> : null}
      {showSummary ? (
        <Body1 className={styles.text} data-testid="verdict-summary">
          {verdict.cause === 'unknown'
            ? engineText(t, verdict.summaryKey, verdict.summaryParams, verdict.summary)
            : t('diagnose.decidedFrom', { why: engineText(t, verdict.summaryKey, verdict.summaryParams, verdict.summary) })}
        </Body1>
      ) : null}
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
          {guided.length > 0 ? (
            <ul className={styles.fixes}>
              {guided.map((fix) => (
                <GuidedFix key={fix.id} fix={fix} />
              ))}
            </ul>
          ) : null}
          {replaying && verdict.fixes.some(isOneClickFix) ? <Body1>{t('fix.replay')}</Body1> : null}
          {oneClick ? <FixPanel request={request} {...(sshHost !== undefined ? { sshHost } : {})} /> : null}
        </section>
      ) : null}
    </Card>
  );
}
