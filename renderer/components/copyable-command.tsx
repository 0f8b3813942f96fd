import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'flex-start', gap: '8px', minWidth: 0 },
  code: {
    flexGrow: 1,
    minWidth: 0,
    display: 'block',
    padding: '4px 8px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  status: { minWidth: '72px', lineHeight: '24px', color: tokens.colorNeutralForeground3 },
});

/** Select an element's text so the user can copy it by hand when the clipboard API is refused (no secure context, denied). */
function selectText(element: HTMLElement | null): void {
  const selection = element ? window.getSelection() : null;
  if (!element || !selection) return;
  selection.removeAllRanges();
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.addRange(range);
}

/** A command shown as text with a Copy button; falls back to selecting it when the clipboard cannot be written. */
export function CopyableCommand({ command, label }: { command: string; label?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const code = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'selected'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied('copied');
    } catch {
      selectText(code.current);
      setCopied('selected');
    }
  };
  return (
    <div className={styles.root} data-testid="copyable-command">
      <code ref={code} className={styles.code} aria-label={label}>
        {command}
      </code>
      <Button
        size="small"
        icon={<CopyRegular />}
        onClick={() => void copy()}
        aria-label={t('wizard.copyLabel', { command: label ?? command })}
      >
        {t('wizard.copy')}
      </Button>
      <Caption1 className={styles.status} aria-live="polite">
        {copied === 'copied' ? t('wizard.copied') : copied === 'selected' ? t('wizard.selected') : ''}
      </Caption1>
    </div>
  );
}
