import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Unavailable } from '../../shared/schemas/common';

const useStyles = makeStyles({
  detail: { display: 'block', marginTop: '4px', overflowWrap: 'anywhere' },
  command: { display: 'block', marginTop: '4px', fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** An `unavailable` answer shown honestly where it happened: why, the handler's detail, and the command that would tell. */
export function UnavailableBar({ value }: { value: Unavailable }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const title = value.reason === 'not-implemented' ? t('common.notYet') : t('common.unavailable');
  return (
    <MessageBar
      intent={value.reason === 'not-implemented' ? 'info' : 'warning'}
      layout="multiline"
      data-testid="unavailable"
      data-reason={value.reason}
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {t(`reason.${value.reason}`)}
        <span className={styles.detail}>{value.detail}</span>
        {value.command ? (
          <span className={styles.command}>
            {t('common.commandHint')} <code>{value.command}</code>
          </span>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}
