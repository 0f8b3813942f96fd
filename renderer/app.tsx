import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { AppShell } from './shell/app-shell';
import { useColorScheme } from './state/use-color-scheme';

/** The app: Fluent UI themed light or dark as the OS is, around the shell. */
export function App() {
  const scheme = useColorScheme();
  // No className here: Fluent copies the provider's classes onto its portal node, so a size set here would cover the page.
  return (
    <FluentProvider theme={scheme === 'dark' ? webDarkTheme : webLightTheme}>
      <AppShell />
    </FluentProvider>
  );
}
