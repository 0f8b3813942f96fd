import { Button, makeStyles } from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useRef } from 'react';
import type { ChangeEvent } from 'react';

const useStyles = makeStyles({ hidden: { display: 'none' } });

/**
 * A button that opens the system's file chooser for one JSON file (a report, a client's probe.json) and hands the
 * chosen file on. The input is cleared each time, so choosing the same file again still reaches `onFile`.
 */
export function JsonFileButton(props: {
  label: string;
  fileLabel: string;
  onFile: (file: File) => void;
  testId: string;
  primary?: boolean;
}) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) props.onFile(file);
  };
  return (
    <>
      <Button
        {...(props.primary ? { appearance: 'primary' as const } : {})}
        icon={<DocumentArrowUpRegular />}
        onClick={() => input.current?.click()}
      >
        {props.label}
      </Button>
      <input
        ref={input}
        className={styles.hidden}
        type="file"
        accept=".json,application/json"
        aria-label={props.fileLabel}
        tabIndex={-1}
        onChange={onChange}
        data-testid={props.testId}
      />
    </>
  );
}
