import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  makeStyles,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../../shared/i18n/engine-text';
import type { AppliedFix } from '../../../shared/schemas/firewall';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import { formatRecordedAt } from '../../state/shell-selectors';
import { useFirewallStore } from './firewall-store';
import { useFixStore } from '../../state/fix-store';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: '8px' },
  item: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap' },
  // A basis (not the content's width) lets a long reason wrap beside the badge and button instead of pushing them below.
  text: { flexGrow: 1, flexBasis: '240px', minWidth: '240px', overflowWrap: 'anywhere' },
  actions: { display: 'flex', alignItems: 'center', gap: '8px', flexShrink: 0 },
  heading: { margin: 0 },
  why: { display: 'block' },
});

/**
 * The firewall changes in PortDoctor's data folder, newest first. Undo is offered only for a fix proven to be in the
 * firewall viewed; one made elsewhere shows as "not present here", one that could not be checked as "couldn't check"
 * with Undo off and the reason (issue #11).
 */
export function OwnFixes() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { fixes, undone, loadFixes, undoFix } = useFirewallStore();
  // A transport that answers nothing at all shows nothing here rather than breaking the page.
  const list = fixes.state === 'done' ? (fixes.value as typeof fixes.value | undefined) : undefined;
  const applied = useFixStore((s) => s.applied);
  const undoneByPanel = useFixStore((s) => s.undone);
  // Reloaded after the fix panel applies or undoes a change, so this list is never stale.
  useEffect(() => {
    void useFirewallStore.getState().loadFixes();
  }, [applied, undoneByPanel]);
  return (
    <Card data-testid="own-fixes">
      <CardHeader
        header={
          <Subtitle2 as="h3" className={styles.heading}>
            {t('firewall.ownTitle')}
          </Subtitle2>
        }
        description={<Body1>{t('firewall.ownIntro')}</Body1>}
      />
      {fixes.state === 'failed' ? <CallFailedBar message={fixes.message} onRetry={() => void loadFixes()} /> : null}
      {list?.kind === 'unavailable' ? <UnavailableBar value={list} /> : null}
      {list?.kind === 'ok' && list.data.fixes.length === 0 ? <Caption1>{t('firewall.ownNone')}</Caption1> : null}
      {list?.kind === 'ok' ? (
        <ul className={styles.list}>
          {list.data.fixes.map((f) => (
            <OwnFix key={f.id} fix={f} busy={undone.state === 'loading'} onUndo={(id) => void undoFix(id)} />
          ))}
        </ul>
      ) : null}
      {undone.state === 'failed' ? <CallFailedBar message={undone.message} /> : null}
      {undone.state === 'done' && undone.value.kind === 'unavailable' ? <UnavailableBar value={undone.value} /> : null}
      {undone.state === 'done' && undone.value.kind === 'ok' ? (
        <MessageBar intent={undone.value.data.undone ? 'info' : 'error'}>
          <MessageBarBody>{undone.value.data.undone ? t('fix.undone') : t('fix.notUndone')}</MessageBarBody>
        </MessageBar>
      ) : null}
    </Card>
  );
}

/** One fix of the list: its summary, when, and Undo only while it is proven present here. */
function OwnFix({ fix: f, busy, onUndo }: { fix: AppliedFix; busy: boolean; onUndo: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  // A list from an older back end carries no presence: it was never checked, so Undo stays off.
  const presence = f.undoneAt ? null : (f.presence ?? 'unknown');
  return (
    <li className={styles.item} data-testid="own-fix" data-undone={Boolean(f.undoneAt)} data-presence={presence ?? 'undone'}>
      <span className={styles.text}>
        {engineText(t, f.summaryKey, f.summaryParams, f.summary)}
        <br />
        <Caption1>
          {f.undoneAt
            ? t('firewall.ownUndone', {
                applied: formatRecordedAt(f.appliedAt, i18n.language),
                undone: formatRecordedAt(f.undoneAt, i18n.language),
              })
            : t('firewall.ownApplied', { applied: formatRecordedAt(f.appliedAt, i18n.language), backend: f.backend })}
        </Caption1>
        {presence === 'absent' ? <Caption1 className={styles.why}>{t('firewall.ownAbsentWhy')}</Caption1> : null}
        {presence === 'unknown' ? (
          <Caption1 className={styles.why} data-testid="own-fix-why">
            {t('firewall.ownUnknownWhy', {
              why: f.presenceDetail ? engineText(t, f.presenceDetailKey, f.presenceDetailParams, f.presenceDetail) : t('firewall.unknown'),
            })}
          </Caption1>
        ) : null}
      </span>
      {presence ? (
        <span className={styles.actions}>
          {presence === 'present' ? (
            <Badge appearance="tint" color="success">
              {t('firewall.ownPresent')}
            </Badge>
          ) : null}
          {presence === 'absent' ? (
            <Badge appearance="tint" color="informative">
              {t('firewall.ownAbsent')}
            </Badge>
          ) : null}
          {presence === 'unknown' ? (
            <Badge appearance="tint" color="warning">
              {t('firewall.ownUnknown')}
            </Badge>
          ) : null}
          {presence === 'present' || presence === 'unknown' ? (
            <Button onClick={() => onUndo(f.id)} disabled={busy || presence !== 'present'}>
              {t('fix.undo')}
            </Button>
          ) : null}
        </span>
      ) : null}
    </li>
  );
}
