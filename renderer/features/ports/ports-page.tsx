import { Body1, Caption1, Spinner, Tab, TabList, makeStyles } from '@fluentui/react-components';
import { ChartMultipleRegular, TableRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallFailedBar } from '../../components/call-failed-bar';
import { PageTitle } from '../../components/page-title';
import { UnavailableBar } from '../../components/unavailable-bar';
import { ChartsPanel } from './charts/charts-panel';
import { filterRows, isFiltered } from './ports-diff';
import type { LiveRow } from './ports-diff';
import { downloadText, exportColumns, toCsv, toHtml } from './ports-export';
import { usePortsStore } from './ports-store';
import { PortsTable } from './ports-table';
import type { RowActions } from './ports-table';
import { sortRows, toTsv } from './ports-columns';
import { usePortsViewStore } from './ports-view-store';
import { PortActionDialog } from './port-action-dialog';
import { connectionOf, usePortActionStore } from './port-action-store';
import { PortsActions, PortsFilters } from './ports-toolbar';
import { useLiveRefresh } from './use-live-refresh';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px' },
  counts: { display: 'flex', gap: '16px', minHeight: '20px', flexWrap: 'wrap' },
  status: { minHeight: '20px' },
});

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/** Ports: every socket with owner, state, scope and risk, refreshed live with changes highlighted; charts beside it. */
export function PortsPage() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  useLiveRefresh();
  const list = usePortsStore((s) => s.list);
  const rows = usePortsStore((s) => s.rows);
  const filters = usePortsStore((s) => s.filters);
  const view = usePortsStore((s) => s.view);
  const { load, setView, diagnose } = usePortsStore.getState();
  const sort = usePortsViewStore((s) => s.sort);
  const resolve = usePortsViewStore((s) => s.resolve);
  const shown = useMemo(() => sortRows(rows ? filterRows(rows, filters) : [], sort), [rows, filters, sort]);
  // The message as a key and count, so it follows a language switch.
  const [copied, setCopied] = useState<{ key: 'ports.copiedRows' | 'ports.copyFailed'; count: number } | null>(null);
  // Names for what is shown, asked once per refresh while the toggle is on (bounded and cached in the back end).
  useEffect(() => {
    if (resolve) void usePortsViewStore.getState().resolveFor(shown);
  }, [resolve, shown]);
  const copyRows = async (list: readonly LiveRow[]) => {
    try {
      await navigator.clipboard.writeText(toTsv(list, (k) => t(k)));
      setCopied({ key: 'ports.copiedRows', count: list.length });
    } catch {
      setCopied({ key: 'ports.copyFailed', count: 0 });
    }
  };
  const onExport = (kind: 'csv' | 'html') => {
    const open = shown.filter((r) => r.change !== 'closed');
    const columns = exportColumns((k) => t(k));
    const name = `portdoctor-ports-${stamp(Date.now())}`;
    if (kind === 'csv') downloadText(`\ufeff${toCsv(open, columns)}`, `${name}.csv`, 'text/csv;charset=utf-8');
    else downloadText(toHtml(open, columns, t('ports.title'), i18n.language), `${name}.html`, 'text/html;charset=utf-8');
  };
  const meta = list.state === 'done' && list.value.kind === 'ok' ? list.value.data : null;
  return (
    <div className={styles.page}>
      <PageTitle>{t('ports.title')}</PageTitle>
      <Body1>{t('ports.intro')}</Body1>
      <PortsActions onExport={onExport} onCopyAll={() => void copyRows(shown.filter((r) => r.change !== 'closed'))} />
      <Caption1 className={styles.status} role="status" data-testid="ports-copied">
        {copied ? t(copied.key, { count: copied.count }) : ''}
      </Caption1>
      {list.state === 'failed' ? <CallFailedBar message={list.message} onRetry={() => void load()} /> : null}
      {list.state === 'done' && list.value.kind === 'unavailable' ? <UnavailableBar value={list.value} /> : null}
      {list.state === 'loading' ? <Spinner size="small" label={t('common.loading')} /> : null}
      {rows ? (
        <>
          <TabList selectedValue={view} onTabSelect={(_, d) => setView(d.value as 'table' | 'charts')}>
            <Tab value="table" icon={<TableRegular />} data-testid="ports-tab-table">
              {t('ports.tabTable')}
            </Tab>
            <Tab value="charts" icon={<ChartMultipleRegular />} data-testid="ports-tab-charts">
              {t('ports.tabCharts')}
            </Tab>
          </TabList>
          {view === 'table' ? (
            <TableView
              rows={rows}
              shown={shown}
              filtered={isFiltered(filters)}
              ownersHidden={meta?.ownersHidden ?? 0}
              actions={{
                onDiagnose: diagnose,
                onCopy: (row) => void copyRows([row]),
                onClose: (row) => void usePortActionStore.getState().open({ kind: 'close', connection: connectionOf(row) }),
                onEnd: (row) => {
                  if (row.pid !== null)
                    void usePortActionStore.getState().open({ kind: 'end', pid: row.pid, name: row.ownerName, force: false });
                },
              }}
            />
          ) : (
            <ChartsPanel rows={rows} localPortRange={meta?.localPortRange ?? null} />
          )}
        </>
      ) : null}
      <PortActionDialog />
    </div>
  );
}

interface TableViewProps {
  rows: readonly LiveRow[];
  shown: readonly LiveRow[];
  filtered: boolean;
  ownersHidden: number;
  actions: RowActions;
}

function TableView({ rows, shown, filtered, ownersHidden, actions }: TableViewProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <>
      <PortsFilters />
      <div className={styles.counts}>
        <Caption1 data-testid="ports-count">
          {filtered ? t('ports.countFiltered', { count: rows.length, shown: shown.length }) : t('ports.count', { count: shown.length })}
        </Caption1>
        {ownersHidden ? <Caption1>{t('ports.ownersHidden', { count: ownersHidden })}</Caption1> : null}
      </div>
      {rows.length === 0 ? <Body1>{t('ports.empty')}</Body1> : <PortsTable rows={shown} actions={actions} />}
    </>
  );
}
