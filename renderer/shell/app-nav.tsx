import { Nav, NavItem, makeStyles, tokens, useArrowNavigationGroup } from '@fluentui/react-components';
import { DocumentSearch20Regular, PlugConnected20Regular, Shield20Regular, Stethoscope20Regular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS } from '../state/shell-store';
import type { Section } from '../state/shell-store';

const ICONS: Record<Section, ReactElement> = {
  diagnose: <Stethoscope20Regular />,
  ports: <PlugConnected20Regular />,
  firewall: <Shield20Regular />,
  reports: <DocumentSearch20Regular />,
};

const useStyles = makeStyles({
  root: {
    width: '200px',
    flexShrink: 0,
    padding: '8px',
    boxSizing: 'border-box',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    // The colour Fluent's nav items are drawn on, so they blend in as in a NavDrawer.
    backgroundColor: tokens.colorNeutralBackground4,
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
