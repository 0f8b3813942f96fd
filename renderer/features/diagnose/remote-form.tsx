import { Field, Input, Radio, RadioGroup, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { remoteFormErrors, useRemoteStore } from '../../state/remote-store';
import type { ServerWhere, SshMethod } from '../../state/remote-store';

const useStyles = makeStyles({
  wide: { width: '320px' },
  input: { width: '100%' },
  method: { flexBasis: '100%' },
});

/** "Server: this computer | a server over SSH" (shown when the user is on the server's side of the wizard). */
export function ServerChoice() {
  const { t } = useTranslation();
  const where = useRemoteStore((s) => s.where);
  const set = useRemoteStore((s) => s.set);
  return (
    <Field label={t('remote.server')}>
      <RadioGroup
        layout="horizontal"
        value={where}
        onChange={(_e, data) => set({ where: data.value as ServerWhere })}
        data-testid="server-where"
      >
        <Radio value="local" label={t('remote.local')} />
        <Radio value="ssh" label={t('remote.ssh')} />
      </RadioGroup>
    </Field>
  );
}

/** The SSH fields of the wizard's form: the server, how to log in, and which known_hosts (inline errors after a first try). */
export function RemoteFields({ touched }: { touched: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const s = useRemoteStore();
  const errors = touched ? remoteFormErrors(s) : {};
  const field = (
    key: 'target' | 'identityFile' | 'password' | 'knownHostsFile',
    label: string,
    hint: string,
    type: 'text' | 'password' = 'text',
  ) => (
    <Field
      className={styles.wide}
      label={label}
      hint={errors[key] ? undefined : hint}
      validationMessage={errors[key] ? t(`remote.${errors[key]}`) : undefined}
      validationState={errors[key] ? 'error' : 'none'}
    >
      <Input
        className={styles.input}
        type={type}
        value={s[key]}
        onChange={(_e, data) => s.set({ [key]: data.value })}
        spellCheck={false}
        autoComplete={type === 'password' ? 'off' : 'off'}
        data-testid={`ssh-${key}`}
      />
    </Field>
  );
  return (
    <>
      {field('target', t('remote.target'), t('remote.targetHint'))}
      <Field className={styles.method} label={t('remote.method')}>
        <RadioGroup
          layout="horizontal"
          value={s.method}
          onChange={(_e, data) => s.set({ method: data.value as SshMethod })}
          data-testid="ssh-method"
        >
          <Radio value="agent" label={t('remote.agent')} />
          <Radio value="key" label={t('remote.key')} />
          <Radio value="password" label={t('remote.password')} />
        </RadioGroup>
      </Field>
      {s.method === 'key' ? field('identityFile', t('remote.identityFile'), t('remote.identityHint')) : null}
      {s.method === 'password' ? field('password', t('remote.password'), t('remote.passwordHint'), 'password') : null}
      {field('knownHostsFile', t('remote.knownHosts'), t('remote.knownHostsHint'))}
    </>
  );
}
