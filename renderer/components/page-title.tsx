import { Title3, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { margin: 0 } });

/** A section's heading (the page's h2; the app name in the header is the h1). */
export function PageTitle({ children }: { children: string }) {
  const styles = useStyles();
  return (
    <Title3 as="h2" className={styles.root}>
      {children}
    </Title3>
  );
}
