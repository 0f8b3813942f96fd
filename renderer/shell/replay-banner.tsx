import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { selectReplay } from '../state/shell-selectors';
import { useShellStore } from '../state/shell-store';

/** Shown whenever the app judges a recorded report instead of this machine, so nobody mistakes one for the other. */
export function ReplayBanner() {
  const { t, i18n } = useTranslation();
  const info = useShellStore((s) => s.info);
  const replay = selectReplay(info, i18n.language);
  if (!replay) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="replay-banner">
      <MessageBarBody>
        <MessageBarTitle>{t('shell.replayTitle')}</MessageBarTitle>
        {t('shell.replayBanner', { host: replay.host, time: replay.time })}
      </MessageBarBody>
    </MessageBar>
  );
}
