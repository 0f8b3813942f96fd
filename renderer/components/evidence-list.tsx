import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../shared/i18n/engine-text';
import type { Evidence } from '../../shared/schemas/report';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** Evidence items as plain text in the UI's language when the engine gave a key (they may come from an untrusted report: never rendered as HTML). */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (evidence.length === 0) return <Caption1>{t('diagnose.noEvidence')}</Caption1>;
  return (
    <ul className={styles.list} aria-label={t('diagnose.evidence')}>
      {evidence.map((item, i) => (
        <li key={i}>
          <span className={styles.text}>{engineText(t, item.key, item.params, item.text)}</span>
          {item.source || item.command ? (
            <>
              <br />
              <Caption1 className={styles.meta}>{[item.source, item.command].filter(Boolean).join(' · ')}</Caption1>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
