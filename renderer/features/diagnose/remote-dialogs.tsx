import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoteStore } from '../../state/remote-store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  key: {
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    padding: '8px',
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

/** An unknown host key, shown once with its SHA256 fingerprint: trust it (kept in PortDoctor's known_hosts) or do not connect. */
export function HostKeyDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const q = useRemoteStore((s) => s.hostKeyQuestion);
  return (
    <Dialog open={q !== null} modalType="alert">
      <DialogSurface data-testid="host-key-dialog">
        <DialogBody>
          <DialogTitle>{t('remote.hostKeyTitle')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1>{t('remote.hostKeyBody', { host: q ? (q.port === 22 ? q.host : `${q.host}:${q.port}`) : '' })}</Body1>
            <code className={styles.key} data-testid="host-key-fingerprint">
              {q ? `${q.keyType} ${q.fingerprint}` : ''}
            </code>
            <Body1>{t('remote.hostKeyCheck')}</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => q?.answer(false)}>
              {t('remote.dontTrust')}
            </Button>
            <Button appearance="primary" onClick={() => q?.answer(true)} data-testid="host-key-trust">
              {t('remote.trust')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** sudo's password for one action: typed here, sent with that one call, then forgotten (the field is cleared). */
export function SudoDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const q = useRemoteStore((s) => s.sudoQuestion);
  const [password, setPassword] = useState('');
  const answer = (value: string | null) => {
    setPassword('');
    q?.answer(value);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== '') answer(password);
  };
  return (
    <Dialog open={q !== null} modalType="alert">
      <DialogSurface data-testid="sudo-dialog">
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t('remote.sudoTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              <Body1>{t('remote.sudoBody', { host: q?.host ?? '' })}</Body1>
              <Field
                label={t('remote.sudoPassword')}
                validationMessage={q?.retry ? t('remote.sudoRetry') : undefined}
                validationState={q?.retry ? 'error' : 'none'}
              >
                <Input
                  type="password"
                  value={password}
                  onChange={(_e, data) => setPassword(data.value)}
                  autoComplete="off"
                  data-testid="sudo-password"
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => answer(null)}>
                {t('fix.cancel')}
              </Button>
              <Button appearance="primary" type="submit" disabled={password === ''}>
                {t('remote.sudoContinue')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
