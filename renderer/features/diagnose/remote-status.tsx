import { Body1, Caption1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useRemoteStore } from '../../state/remote-store';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '4px' },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  text: { overflowWrap: 'anywhere' },
});

/** Who answered a two-ended run: the server and login, its host key, and the client address the verdict is about. */
export function RemoteBanner() {
  const { t } = useTranslation();
  const styles = useStyles();
  const last = useRemoteStore((s) => s.last);
  if (!last) return null;
  const { remote, notes } = last;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="remote-info" data-client={remote.clientAddress ?? ''}>
      <MessageBarBody className={styles.box}>
        <MessageBarTitle>
          {t('remote.via', { user: remote.user, host: remote.sshPort === 22 ? remote.host : `${remote.host}:${remote.sshPort}` })}
        </MessageBarTitle>
        <Body1 className={styles.text}>
          {remote.clientAddress ? t('remote.viaClient', { client: remote.clientAddress }) : t('remote.viaNoClient')}
        </Body1>
        <Caption1 className={styles.code}>
          {t('remote.viaKey', { keyType: remote.hostKey.keyType, fingerprint: remote.hostKey.fingerprint })}
        </Caption1>
        {notes.length > 0 ? <Caption1 className={styles.text}>{`${t('remote.notes')}: ${notes.join(' · ')}`}</Caption1> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Why a two-ended run stopped: a title in the reader's language and the one line that names what happened (the host key, the login…). */
export function SshProblemBar() {
  const { t } = useTranslation();
  const styles = useStyles();
  const problem = useRemoteStore((s) => s.problem);
  if (!problem) return null;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="ssh-problem" data-problem={problem.problem}>
      <MessageBarBody>
        <MessageBarTitle>{t(`remote.problem.${problem.problem}`)}</MessageBarTitle>
        <span className={styles.text}>{problem.message}</span>
      </MessageBarBody>
    </MessageBar>
  );
}
