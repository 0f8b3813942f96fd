import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { DiagnosePage } from '../features/diagnose/diagnose-page';
import { FirewallPage } from '../features/firewall/firewall-page';
import { PortsPage } from '../features/ports/ports-page';
import { ReportsPage } from '../features/reports/reports-page';
import { AppHeader } from './app-header';
import { AppNav } from './app-nav';
import { ReplayBanner } from './replay-banner';
import { useShellStore } from '../state/shell-store';
import type { Section } from '../state/shell-store';

const PAGES: Record<Section, () => ReactElement> = {
  diagnose: DiagnosePage,
  ports: PortsPage,
  firewall: FirewallPage,
  reports: ReportsPage,
};

const useStyles = makeStyles({
  root: {
    position: 'fixed',
    inset: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: { flexGrow: 1, overflowY: 'auto', padding: '20px 28px', boxSizing: 'border-box', minWidth: 0 },
});

/** The app's layout: header, replay banner when replaying, section navigation, and the open section. */
export function AppShell() {
  const styles = useStyles();
  const section = useShellStore((s) => s.section);
  const setSection = useShellStore((s) => s.setSection);
  useEffect(() => {
    void useShellStore.getState().loadInfo();
  }, []);
  const Page = PAGES[section];
  return (
    <div className={styles.root}>
      <AppHeader />
      <ReplayBanner />
      <div className={styles.body}>
        <AppNav section={section} onSelect={setSection} />
        <main className={styles.main} data-testid={`page-${section}`}>
          <Page />
        </main>
      </div>
    </div>
  );
}
