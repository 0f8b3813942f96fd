import { Field, Input, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({
  field: { width: '200px' },
  input: { width: '100%' },
});

/** A port text box with its label, an optional hint and the validation message (the caller parses and validates). */
export function PortField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string;
}) {
  const styles = useStyles();
  const { label, value, onChange, error, hint, testId } = props;
  return (
    <Field
      className={styles.field}
      label={label}
      hint={error ? undefined : hint}
      validationMessage={error}
      validationState={error ? 'error' : 'none'}
    >
      <Input
        className={styles.input}
        value={value}
        onChange={(_e, d) => onChange(d.value)}
        inputMode="numeric"
        autoComplete="off"
        data-testid={testId}
      />
    </Field>
  );
}
