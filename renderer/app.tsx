import { FluentProvider, makeStyles, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { AppShell } from './features/shell/app-shell';
import { useColorScheme } from './features/shell/use-color-scheme';

const useStyles = makeStyles({ root: { height: '100%' } });

/** The app: Fluent UI themed light or dark as the OS is, around the shell. */
export function App() {
  const scheme = useColorScheme();
  const styles = useStyles();
  return (
    <FluentProvider theme={scheme === 'dark' ? webDarkTheme : webLightTheme} className={styles.root}>
      <AppShell />
    </FluentProvider>
  );
}
