import { Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { PlugDisconnectedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ElevationBadge } from './elevation-badge';
import { LanguageSwitch } from './language-switch';
import { selectElevation, selectInfo } from '../state/shell-selectors';
import { useShellStore } from '../state/shell-store';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    padding: '8px 16px',
    minHeight: '48px',
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  name: { margin: 0, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  // The host line gives way first in a narrow window (ellipsis) so the header stays one row.
  host: {
    color: tokens.colorNeutralForeground2,
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    minWidth: 0,
    flexShrink: 1,
    overflow: 'hidden',
  },
  hostText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  fixed: { flexShrink: 0, whiteSpace: 'nowrap' },
  spacer: { flexGrow: 1 },
  version: { color: tokens.colorNeutralForeground3, flexShrink: 0, whiteSpace: 'nowrap' },
});

/** The header: app name, this host and its OS, elevation, language switch and version. */
export function AppHeader() {
  const { t } = useTranslation();
  const styles = useStyles();
  const info = useShellStore((s) => s.info);
  const value = selectInfo(info);
  const elevation = selectElevation(info);
  const hostText = value ? t('shell.host', { host: value.hostname, os: `${t(`platform.${value.platform}`)} ${value.release}` }) : null;
  return (
    <header className={styles.root}>
      <Text as="h1" className={mergeClasses(styles.name, styles.fixed)}>
        {t('app.name')}
      </Text>
      <span className={styles.host} data-testid="host-line">
        {info.state === 'loading' || info.state === 'idle' ? <Spinner size="extra-tiny" label={t('shell.hostLoading')} /> : null}
        {info.state === 'failed' ? (
          <>
            <PlugDisconnectedRegular aria-hidden />
            {t('shell.infoFailed')}
          </>
        ) : null}
        {hostText ? (
          <span className={styles.hostText} title={hostText}>
            {hostText}
          </span>
        ) : null}
      </span>
      {elevation ? (
        <span className={styles.fixed}>
          <ElevationBadge elevation={elevation} replay={Boolean(value?.replay)} />
        </span>
      ) : null}
      <span className={styles.spacer} />
      <LanguageSwitch />
      <Text size={200} className={styles.version}>
        {t('shell.version', { version: __APP_VERSION__ })}
      </Text>
    </header>
  );
}
