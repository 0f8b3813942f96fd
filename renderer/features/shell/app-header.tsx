import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { PlugDisconnectedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ElevationBadge } from './elevation-badge';
import { LanguageSwitch } from './language-switch';
import { selectElevation, selectInfo } from './shell-selectors';
import { useShellStore } from './shell-store';

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
    flexWrap: 'wrap',
  },
  name: { margin: 0, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  host: { color: tokens.colorNeutralForeground2, display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0 },
  spacer: { flexGrow: 1 },
  version: { color: tokens.colorNeutralForeground3 },
});

/** The header: app name, this host and its OS, elevation, language switch and version. */
export function AppHeader() {
  const { t } = useTranslation();
  const styles = useStyles();
  const info = useShellStore((s) => s.info);
  const value = selectInfo(info);
  const elevation = selectElevation(info);
  return (
    <header className={styles.root}>
      <Text as="h1" className={styles.name}>
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
        {value ? t('shell.host', { host: value.hostname, os: `${t(`platform.${value.platform}`)} ${value.release}` }) : null}
      </span>
      {elevation ? <ElevationBadge elevation={elevation} replay={Boolean(value?.replay)} /> : null}
      <span className={styles.spacer} />
      <LanguageSwitch />
      <Text size={200} className={styles.version}>
        {t('shell.version', { version: __APP_VERSION__ })}
      </Text>
    </header>
  );
}
