import { Badge, Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CopyRegular, DismissCircleRegular, PlugDisconnectedRegular, StethoscopeRegular, WarningRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { gridTemplate, totalWidth } from './ports-columns';
import type { LiveRow } from './ports-diff';
import { PortsHeader } from './ports-header';
import { ownerMissingKey } from './ports-selectors';
import { namedEndpoint, usePortsViewStore } from './ports-view-store';

/** Up to this many rows every row is in the DOM (find-in-page and screen readers see them all); above it, virtualized. */
export const VIRTUALIZE_ABOVE = 200;

const ROW_HEIGHT = 32;

const useStyles = makeStyles({
  // A narrow window scrolls the table sideways inside its frame (header and rows together), never the page.
  // The frame; the row area inside scrolls both ways (header and rows together), never the page. It is the only
  // scroll container, so the header can stick to its top and the Actions column to its right edge.
  table: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
  },
  scroller: { height: 'min(560px, calc(100vh - 330px))', minHeight: '240px', overflow: 'auto', position: 'relative' },
  stickyHeader: { position: 'sticky', top: 0, zIndex: 3 },
  row: {
    display: 'grid',
    alignItems: 'center',
    height: `${ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    fontSize: tokens.fontSizeBase200,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  header: {
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground3 },
  },
  cell: { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  badges: { display: 'flex', gap: '4px' },
  // The Actions column stays in view at the right edge however far the table is scrolled sideways.
  actions: {
    position: 'sticky',
    right: 0,
    display: 'flex',
    gap: '2px',
    padding: '0 4px',
    height: '100%',
    alignItems: 'center',
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  new: { backgroundColor: tokens.colorPaletteGreenBackground2, ':hover': { backgroundColor: tokens.colorPaletteGreenBackground2 } },
  changed: { backgroundColor: tokens.colorPaletteYellowBackground2, ':hover': { backgroundColor: tokens.colorPaletteYellowBackground2 } },
  closed: {
    backgroundColor: tokens.colorPaletteRedBackground2,
    color: tokens.colorNeutralForeground2,
    ':hover': { backgroundColor: tokens.colorPaletteRedBackground2 },
  },
  virtualRow: { position: 'absolute', left: 0, right: 0, top: 0 },
});

// A connection in these states is already closed (the kernel only holds its tuple): nothing to close.
const ENDED_STATES: ReadonlySet<string> = new Set(['TIME-WAIT', 'CLOSED']);

// Local addresses are this host's own: only their ports get service names.
const NO_NAMES: ReadonlyMap<string, string | null> = new Map();

const SCOPE_COLOR = { loopback: 'subtle', lan: 'informative', public: 'warning' } as const;

/** What a row's action buttons do. */
export interface RowActions {
  onDiagnose(port: number): void;
  onClose(row: LiveRow): void;
  onEnd(row: LiveRow): void;
  onCopy(row: LiveRow): void;
}

interface RowProps {
  row: LiveRow;
  index: number;
  /** Top offset in the virtualized list; unset when every row is in the flow. */
  start?: number;
  template: string;
  actions: RowActions;
  names: ReadonlyMap<string, string | null> | null;
  services: ReadonlyMap<number, string> | null;
}

function ActionButtons({ row, actions }: { row: LiveRow; actions: RowActions }) {
  const { t } = useTranslation();
  const open = row.change !== 'closed';
  const tcp = row.protocol.startsWith('tcp');
  const label = (key: string, params: Record<string, string | number>) => ({ 'aria-label': t(key, params), title: t(key, params) });
  return (
    <>
      {open && tcp && row.listener ? (
        <Button
          size="small"
          appearance="subtle"
          icon={<StethoscopeRegular />}
          {...label('ports.diagnosePort', { port: row.localPort })}
          onClick={() => actions.onDiagnose(row.localPort)}
        />
      ) : null}
      {open && tcp && !row.listener && row.remotePort !== 0 && !ENDED_STATES.has(row.stateKey) ? (
        <Button
          size="small"
          appearance="subtle"
          icon={<PlugDisconnectedRegular />}
          {...label('ports.closeConnection', { local: row.local, remote: row.remote })}
          onClick={() => actions.onClose(row)}
        />
      ) : null}
      {open && row.pid !== null ? (
        <Button
          size="small"
          appearance="subtle"
          icon={<DismissCircleRegular />}
          {...label('ports.endProcess', { name: row.ownerName ?? '?', pid: row.pid })}
          onClick={() => actions.onEnd(row)}
        />
      ) : null}
      <Button
        size="small"
        appearance="subtle"
        icon={<CopyRegular />}
        {...label('ports.copyRow', { row: row.local })}
        onClick={() => actions.onCopy(row)}
      />
    </>
  );
}

const SocketRowView = memo(function SocketRowView({ row, index, start, template, actions, names, services }: RowProps) {
  const { t } = useTranslation();
  const s = useStyles();
  const cell = s.cell;
  const changeClass = row.change === 'same' ? undefined : s[row.change];
  const style: CSSProperties =
    start === undefined ? { gridTemplateColumns: template } : { gridTemplateColumns: template, transform: `translateY(${start}px)` };
  const local = names && services ? namedEndpoint(row.localAddress, row.localPort, NO_NAMES, services) : row.local;
  const remote = names && services && row.remotePort !== 0 ? namedEndpoint(row.remoteAddress, row.remotePort, names, services) : row.remote;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={mergeClasses(s.row, changeClass, start === undefined ? undefined : s.virtualRow)}
      style={style}
      data-change={row.change}
      data-key={row.key}
    >
      <span role="cell" className={cell}>
        {row.change === 'same' ? '' : t(`ports.change.${row.change}`)}
      </span>
      <span role="cell" className={cell}>
        {row.protocol}
      </span>
      <span role="cell" className={mergeClasses(cell, s.mono)} title={row.local} data-column="local">
        {local}
      </span>
      <span role="cell" className={mergeClasses(cell, s.mono)} title={row.remote} data-column="remote">
        {remote}
      </span>
      <span role="cell" className={cell}>
        {row.state}
      </span>
      <span role="cell" className={mergeClasses(cell, s.badges)}>
        <Badge size="small" appearance="tint" color={SCOPE_COLOR[row.scope]} title={t(`ports.scopeHint.${row.scope}`)}>
          {t(`ports.scopes.${row.scope}`)}
        </Badge>
        {row.risk ? (
          <Badge
            size="small"
            appearance="filled"
            color="danger"
            icon={<WarningRegular />}
            title={t('ports.riskHint', { service: row.risk })}
          >
            {row.risk}
          </Badge>
        ) : null}
      </span>
      <span role="cell" className={cell} title={row.owner ?? undefined} data-column="process">
        {row.owner ?? t(ownerMissingKey(row))}
      </span>
      <span role="cell" className={mergeClasses(cell, s.mono)} title={row.path ?? undefined} data-column="path">
        {row.path ?? ''}
      </span>
      <span role="cell" className={cell} title={row.unit ?? undefined} data-column="unit">
        {row.unit ?? ''}
      </span>
      <span role="cell" className={s.actions} data-column="actions">
        <ActionButtons row={row} actions={actions} />
      </span>
    </div>
  );
});

/** The sockets table: all rows in the DOM up to VIRTUALIZE_ABOVE, a virtualized window of rows above it. */
export function PortsTable({ rows, actions }: { rows: readonly LiveRow[]; actions: RowActions }) {
  const { t } = useTranslation();
  const s = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const widths = usePortsViewStore((st) => st.widths);
  const resolve = usePortsViewStore((st) => st.resolve);
  const names = usePortsViewStore((st) => st.names);
  const services = usePortsViewStore((st) => st.services);
  const template = gridTemplate(widths);
  const shownNames = resolve ? names : null;
  const shownServices = resolve ? services : null;
  const virtual = rows.length > VIRTUALIZE_ABOVE;
  // No React Compiler in this build, and the virtualizer is read fresh on every render (nothing memoizes it).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The header row sits above the rows inside the same scroll area.
    scrollMargin: ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  const rowProps = { template, actions, names: shownNames, services: shownServices };
  return (
    <div
      role="table"
      aria-label={t('ports.tableLabel')}
      aria-rowcount={rows.length + 1}
      className={s.table}
      data-testid="ports-table"
      data-virtual={virtual}
    >
      <div ref={scroller} className={s.scroller} role="rowgroup" tabIndex={0} aria-label={t('ports.scrollHint')}>
        <div style={{ width: totalWidth(widths), minWidth: '100%' }}>
          <PortsHeader className={mergeClasses(s.row, s.header, s.stickyHeader)} template={template} />
          {virtual ? (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                // Starts count from the top of the scroll area, which the sticky header's row height precedes.
                return row ? (
                  <SocketRowView key={item.key} row={row} index={item.index} start={item.start - ROW_HEIGHT} {...rowProps} />
                ) : null;
              })}
            </div>
          ) : (
            rows.map((row, i) => <SocketRowView key={row.key} row={row} index={i} {...rowProps} />)
          )}
        </div>
      </div>
    </div>
  );
}
