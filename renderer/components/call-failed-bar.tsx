import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/** The back end did not answer (bridge gone, token refused): say so where it happened, and what to do next. */
export function CallFailedBar({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" layout="multiline" data-testid="call-failed">
      <MessageBarBody>
        <MessageBarTitle>{t('common.callFailed')}</MessageBarTitle>
        {t('common.callFailedNext')} ({message})
      </MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>{t('common.retry')}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
