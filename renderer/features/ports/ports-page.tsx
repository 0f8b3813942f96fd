import {
  Body1,
  Button,
  Caption1,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { PageTitle } from '../../components/page-title';
import { useTranslation } from 'react-i18next';
import type { PortsList } from '../../../shared/schemas/ports';
import { CallFailedBar } from '../../components/call-failed-bar';
import { UnavailableBar } from '../../components/unavailable-bar';
import { selectSocketRows } from './ports-selectors';
import { usePortsStore } from './ports-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px' },
  bar: { display: 'flex', alignItems: 'center', gap: '12px', minHeight: '32px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** Ports: the sockets on this host (a simple table until the full explorer lands). */
export function PortsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { list, load } = usePortsStore();
  useEffect(() => {
    if (usePortsStore.getState().list.state === 'idle') void usePortsStore.getState().load();
  }, []);
  return (
    <div className={styles.page}>
      <PageTitle>{t('ports.title')}</PageTitle>
      <Body1>{t('ports.intro')}</Body1>
      <div className={styles.bar}>
        <Button icon={<ArrowClockwiseRegular />} onClick={() => void load()} disabled={list.state === 'loading'}>
          {t('common.refresh')}
        </Button>
        {list.state === 'loading' ? <Spinner size="tiny" labelPosition="after" label={t('common.loading')} /> : null}
      </div>
      {list.state === 'failed' ? <CallFailedBar message={list.message} onRetry={() => void load()} /> : null}
      {list.state === 'done' && list.value.kind === 'unavailable' ? <UnavailableBar value={list.value} /> : null}
      {list.state === 'done' && list.value.kind === 'ok' ? <SocketTable data={list.value.data} /> : null}
    </div>
  );
}

function SocketTable({ data }: { data: PortsList }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const rows = selectSocketRows(data.sockets);
  return (
    <>
      <Caption1>{t('ports.count', { count: rows.length })}</Caption1>
      {data.ownersHidden ? <Caption1>{t('ports.ownersHidden', { count: data.ownersHidden })}</Caption1> : null}
      {rows.length === 0 ? (
        <Body1>{t('ports.empty')}</Body1>
      ) : (
        <Table size="small" aria-label={t('ports.title')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('ports.protocol')}</TableHeaderCell>
              <TableHeaderCell>{t('ports.local')}</TableHeaderCell>
              <TableHeaderCell>{t('ports.remote')}</TableHeaderCell>
              <TableHeaderCell>{t('ports.state')}</TableHeaderCell>
              <TableHeaderCell>{t('ports.owner')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.key}>
                <TableCell>{row.protocol}</TableCell>
                <TableCell className={styles.mono}>{row.local}</TableCell>
                <TableCell className={styles.mono}>{row.remote}</TableCell>
                <TableCell>{row.state}</TableCell>
                <TableCell>{row.owner ?? t('ports.ownerUnknown')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
