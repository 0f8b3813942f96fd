import { Button, Checkbox, Field, SearchBox, Select, Spinner, Switch, ToggleButton, makeStyles } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular, CopyRegular, PauseRegular, PlayRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { PortFilters } from './ports-diff';
import { usePortsStore } from './ports-store';
import { usePortsViewStore } from './ports-view-store';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap', minHeight: '32px' },
  filters: { display: 'flex', alignItems: 'flex-end', gap: '12px', flexWrap: 'wrap' },
  search: { width: '260px' },
  // Fixed width: the status changes between loading, live and paused without pushing the buttons around.
  status: { width: '150px', display: 'flex', alignItems: 'center' },
  select: { minWidth: '140px' },
});

/** Live / pause, refresh, export, copy all, resolve names, and the live status line. */
export function PortsActions({ onExport, onCopyAll }: { onExport(kind: 'csv' | 'html'): void; onCopyAll(): void }) {
  const { t } = useTranslation();
  const s = useStyles();
  const live = usePortsStore((st) => st.live);
  // The charts refresh as often as they are drawn (use-live-refresh.ts), and the status says so.
  const charts = usePortsStore((st) => st.view === 'charts');
  // Only a first load shows progress: a spinner flashing every second costs paint time and says nothing new.
  const loading = usePortsStore((st) => st.list.state === 'loading');
  const canExport = usePortsStore((st) => st.rows !== null);
  const { setLive, load } = usePortsStore.getState();
  const resolve = usePortsViewStore((st) => st.resolve);
  const resolving = usePortsViewStore((st) => st.resolving);
  return (
    <div className={s.bar}>
      <ToggleButton
        checked={!live}
        icon={live ? <PauseRegular /> : <PlayRegular />}
        onClick={() => setLive(!live)}
        data-testid="ports-live"
      >
        {live ? t('ports.pause') : t('ports.resume')}
      </ToggleButton>
      <Button icon={<ArrowClockwiseRegular />} onClick={() => void load()} disabled={loading}>
        {t('common.refresh')}
      </Button>
      <Button icon={<ArrowDownloadRegular />} onClick={() => onExport('csv')} disabled={!canExport}>
        {t('ports.exportCsv')}
      </Button>
      <Button icon={<ArrowDownloadRegular />} onClick={() => onExport('html')} disabled={!canExport}>
        {t('ports.exportHtml')}
      </Button>
      <Button icon={<CopyRegular />} onClick={onCopyAll} disabled={!canExport} data-testid="ports-copy-all">
        {t('ports.copyAll')}
      </Button>
      <Switch
        checked={resolve}
        onChange={(_, d) => usePortsViewStore.getState().setResolve(d.checked)}
        label={resolving ? t('ports.resolving') : t('ports.resolveNames')}
        title={t('ports.resolveNamesHint')}
        data-testid="ports-resolve"
      />
      <span className={s.status} role="status" data-testid="ports-live-status">
        {loading ? (
          <Spinner size="extra-tiny" labelPosition="after" label={t('common.loading')} />
        ) : live ? (
          t(charts ? 'ports.liveOnCharts' : 'ports.liveOn')
        ) : (
          t('ports.paused')
        )}
      </span>
    </div>
  );
}

/** Search and filters. */
export function PortsFilters() {
  const { t } = useTranslation();
  const s = useStyles();
  const f = usePortsStore((st) => st.filters);
  const set = usePortsStore.getState().setFilters;
  return (
    <div className={s.filters}>
      <Field label={t('ports.search')}>
        <SearchBox
          className={s.search}
          value={f.text}
          placeholder={t('ports.searchHint')}
          onChange={(_, d) => set({ text: d.value })}
          data-testid="ports-search"
        />
      </Field>
      <Field label={t('ports.protocol')}>
        <Select className={s.select} value={f.protocol} onChange={(_, d) => set({ protocol: d.value as PortFilters['protocol'] })}>
          <option value="all">{t('ports.all')}</option>
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
        </Select>
      </Field>
      <Field label={t('ports.state')}>
        <Select className={s.select} value={f.state} onChange={(_, d) => set({ state: d.value as PortFilters['state'] })}>
          <option value="all">{t('ports.all')}</option>
          <option value="listening">{t('ports.stateFilter.listening')}</option>
          <option value="established">{t('ports.stateFilter.established')}</option>
          <option value="waiting">{t('ports.stateFilter.waiting')}</option>
        </Select>
      </Field>
      <Field label={t('ports.scope')}>
        <Select className={s.select} value={f.scope} onChange={(_, d) => set({ scope: d.value as PortFilters['scope'] })}>
          <option value="all">{t('ports.all')}</option>
          <option value="public">{t('ports.scopes.public')}</option>
          <option value="lan">{t('ports.scopes.lan')}</option>
          <option value="loopback">{t('ports.scopes.loopback')}</option>
        </Select>
      </Field>
      <Checkbox checked={f.riskyOnly} onChange={(_, d) => set({ riskyOnly: d.checked === true })} label={t('ports.riskyOnly')} />
    </div>
  );
}
