import { Nav, NavItem, makeStyles, tokens, useArrowNavigationGroup } from '@fluentui/react-components';
import { DocumentSearchRegular, PlugConnectedRegular, ShieldRegular, StethoscopeRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS } from './shell-store';
import type { Section } from './shell-store';

const ICONS: Record<Section, ReactElement> = {
  diagnose: <StethoscopeRegular />,
  ports: <PlugConnectedRegular />,
  firewall: <ShieldRegular />,
  reports: <DocumentSearchRegular />,
};

const useStyles = makeStyles({
  root: {
    width: '200px',
    flexShrink: 0,
    padding: '8px',
    boxSizing: 'border-box',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

/** The section navigation: Tab or the arrow keys move between items, Enter opens one; the open one is `aria-current="page"`. */
export function AppNav({ section, onSelect }: { section: Section; onSelect: (section: Section) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const arrows = useArrowNavigationGroup({ axis: 'vertical', circular: true });
  return (
    <nav className={styles.root} aria-label={t('nav.label')}>
      <Nav selectedValue={section} onNavItemSelect={(_e, data) => onSelect(data.value as Section)} {...arrows}>
        {SECTIONS.map((id) => (
          <NavItem key={id} value={id} icon={ICONS[id]} data-testid={`nav-${id}`}>
            {t(`nav.${id}`)}
          </NavItem>
        ))}
      </Nav>
    </nav>
  );
}
