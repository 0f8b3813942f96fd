import {
  makeStyles,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixPlan } from '../../../shared/schemas/firewall';
import { CopyableCommand } from '../copyable-command';
import { formatArgv } from './fix-selectors';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: '8px' },
  commands: { display: 'flex', flexDirection: 'column', gap: '4px' },
});

/**
 * The one place a firewall change is confirmed: names the host, repeats the exact commands (copyable) so nobody confirms
 * what they cannot see, and asks again for disabling a Windows block rule.
 */
export function FixConfirmDialog({
  plan,
  host,
  onConfirm,
}: {
  plan: FixPlan;
  host: string;
  onConfirm: (disableBlockRule: boolean) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [blockRuleOk, setBlockRuleOk] = useState(false);
  const needsSecond = plan.separateConfirmation === true;
  return (
    <Dialog open={open} onOpenChange={(_e, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary">{t('fix.apply')}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('fix.confirmTitle')}</DialogTitle>
          <DialogContent className={styles.content}>
            {t('fix.confirmBody', { host, count: plan.commands.length })}
            <div className={styles.commands} data-testid="confirm-commands">
              {plan.commands.map((c, i) => (
                <CopyableCommand key={i} command={formatArgv(c.argv)} />
              ))}
            </div>
            {needsSecond ? (
              <Checkbox
                checked={blockRuleOk}
                onChange={(_e, data) => setBlockRuleOk(data.checked === true)}
                label={t('fix.confirmBlockRule')}
              />
            ) : null}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">{t('fix.cancel')}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={needsSecond && !blockRuleOk}
              onClick={() => {
                setOpen(false);
                onConfirm(blockRuleOk);
              }}
            >
              {t('fix.confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
