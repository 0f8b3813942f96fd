import { Body1, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { engineText, keyFits } from '../../../shared/i18n/engine-text';
import type { FixPlan } from '../../../shared/schemas/firewall';
import { CopyableCommand } from '../copyable-command';
import { formatArgv, formatUndo } from './fix-selectors';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '6px' },
  code: { display: 'block', fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  undo: { color: tokens.colorNeutralForeground3 },
  block: { display: 'flex', flexDirection: 'column', gap: '4px' },
  heading: { margin: 0 },
});

/** A fix plan as a preview: what it does, the exact commands and their undo, warnings and guidance. Nothing runs here. */
export function FixPlanView({ plan }: { plan: FixPlan }) {
  const { t } = useTranslation();
  const styles = useStyles();
  // A warning's key is found by the English it gives (warnings stay plain strings in the schema).
  const warning = (w: string) => {
    const k = plan.warningKeys?.find((x) => keyFits(x.key, x.params, w));
    return k ? engineText(t, k.key, k.params, w) : w;
  };
  return (
    <div className={styles.root} data-testid="fix-plan" data-kind={plan.kind ?? 'firewall'}>
      <Body1>{engineText(t, plan.summaryKey, plan.summaryParams, plan.summary)}</Body1>
      {plan.warnings.map((w, i) => (
        <MessageBar key={i} intent="warning" layout="multiline">
          <MessageBarBody>{warning(w)}</MessageBarBody>
        </MessageBar>
      ))}
      {plan.commands.length > 0 ? (
        <>
          <Subtitle2 as="h3" className={styles.heading}>
            {t('fix.commands')}
          </Subtitle2>
          <ol className={styles.list}>
            {plan.commands.map((c, i) => (
              <li key={i}>
                <Caption1>{engineText(t, c.descriptionKey, c.descriptionParams, c.description)}</Caption1>
                <CopyableCommand command={formatArgv(c.argv)} />
                {c.undo && c.undo.length > 0 ? (
                  <Caption1 className={styles.undo} data-testid="fix-undo-line">
                    {t('fix.undoWith')} <code>{formatUndo(c.undo, t('fix.handlePlaceholder'))}</code>
                  </Caption1>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {plan.guidance?.map((g, i) => (
        <div key={i} className={styles.block}>
          <Subtitle2 as="h3" className={styles.heading}>
            {engineText(t, g.titleKey, g.titleParams, g.title)}
          </Subtitle2>
          <Body1>{engineText(t, g.textKey, g.textParams, g.text)}</Body1>
          {g.commands?.map((c, j) => (
            <CopyableCommand key={j} command={c} />
          ))}
        </div>
      ))}
    </div>
  );
}
