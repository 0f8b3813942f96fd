import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowRightRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import type { HopView } from './wizard-selectors';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', alignItems: 'stretch', gap: '4px', flexWrap: 'wrap' },
  item: { flex: '1 1 140px', minWidth: '140px', display: 'flex', alignItems: 'center', gap: '4px' },
  hop: {
    flexGrow: 1,
    minHeight: '72px',
    boxSizing: 'border-box',
    padding: '8px',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '6px',
    textAlign: 'center',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  failing: {
    border: `2px solid ${tokens.colorPaletteRedBorder2}`,
    backgroundColor: tokens.colorPaletteRedBackground1,
  },
  arrow: { alignSelf: 'center', color: tokens.colorNeutralForeground3 },
  name: { fontWeight: tokens.fontWeightSemibold },
  blame: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** client → network/cloud → host firewall → socket → process, each hop with its status; the hop the verdict blames is marked in words too. */
export function PathDiagram({ hops }: { hops: readonly HopView[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={t('wizard.pathLabel')} data-testid="path-diagram">
      {hops.map((h, i) => (
        <li
          key={h.hop}
          className={styles.item}
          data-testid={`hop-${h.hop}`}
          data-status={h.status}
          data-failing={h.failing}
          aria-label={
            t('wizard.hopLabel', { hop: t(`wizard.hop.${h.hop}`), status: t(`status.${h.status}`) }) +
            (h.failing ? ` — ${t('wizard.failsHere')}` : '')
          }
        >
          {i > 0 ? <ArrowRightRegular className={styles.arrow} aria-hidden /> : null}
          <div className={mergeClasses(styles.hop, h.failing && styles.failing)}>
            <span className={styles.name}>{t(`wizard.hop.${h.hop}`)}</span>
            <StatusBadge status={h.status} />
            {h.failing ? <Caption1 className={styles.blame}>{t('wizard.failsHere')}</Caption1> : <Caption1>&nbsp;</Caption1>}
          </div>
        </li>
      ))}
    </ol>
  );
}
