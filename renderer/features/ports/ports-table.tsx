import { Badge, Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { StethoscopeRegular, WarningRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRow } from './ports-diff';
import { ownerMissingKey } from './ports-selectors';

/** Up to this many rows every row is in the DOM (find-in-page and screen readers see them all); above it, virtualized. */
export const VIRTUALIZE_ABOVE = 200;

const ROW_HEIGHT = 32;
const COLUMNS = '72px 72px minmax(130px, 1.3fr) minmax(130px, 1.3fr) 100px 150px minmax(120px, 1.2fr) 112px';

const useStyles = makeStyles({
  // A narrow window scrolls the table sideways inside its frame (header and rows together), never the page.
  table: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: 'auto',
    overflowY: 'hidden',
  },
  wide: { minWidth: '900px' },
  scroller: { height: 'min(560px, calc(100vh - 330px))', minHeight: '240px', overflowY: 'auto', position: 'relative' },
  row: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
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
  new: { backgroundColor: tokens.colorPaletteGreenBackground2, ':hover': { backgroundColor: tokens.colorPaletteGreenBackground2 } },
  changed: { backgroundColor: tokens.colorPaletteYellowBackground2, ':hover': { backgroundColor: tokens.colorPaletteYellowBackground2 } },
  closed: {
    backgroundColor: tokens.colorPaletteRedBackground2,
    color: tokens.colorNeutralForeground2,
    ':hover': { backgroundColor: tokens.colorPaletteRedBackground2 },
  },
  virtualRow: { position: 'absolute', left: 0, right: 0, top: 0 },
});

const SCOPE_COLOR = { loopback: 'subtle', lan: 'informative', public: 'warning' } as const;

interface RowProps {
  row: LiveRow;
  index: number;
  /** Top offset in the virtualized list; unset when every row is in the flow. */
  start?: number;
  onDiagnose(port: number): void;
}

const SocketRowView = memo(function SocketRowView({ row, index, start, onDiagnose }: RowProps) {
  const { t } = useTranslation();
  const s = useStyles();
  const cell = s.cell;
  const changeClass = row.change === 'same' ? undefined : s[row.change];
  const style: CSSProperties | undefined = start === undefined ? undefined : { transform: `translateY(${start}px)` };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={mergeClasses(s.row, changeClass, style ? s.virtualRow : undefined)}
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
      <span role="cell" className={mergeClasses(cell, s.mono)} title={row.local}>
        {row.local}
      </span>
      <span role="cell" className={mergeClasses(cell, s.mono)} title={row.remote}>
        {row.remote}
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
      <span role="cell" className={cell} title={row.owner ?? undefined}>
        {row.owner ?? t(ownerMissingKey(row))}
      </span>
      <span role="cell" className={cell}>
        {row.listener && row.protocol.startsWith('tcp') && row.change !== 'closed' ? (
          <Button
            size="small"
            appearance="subtle"
            icon={<StethoscopeRegular />}
            aria-label={t('ports.diagnosePort', { port: row.localPort })}
            onClick={() => onDiagnose(row.localPort)}
          >
            {t('ports.diagnose')}
          </Button>
        ) : null}
      </span>
    </div>
  );
});

function HeaderRow() {
  const { t } = useTranslation();
  const s = useStyles();
  const names = [
    'ports.changeColumn',
    'ports.protocol',
    'ports.local',
    'ports.remote',
    'ports.state',
    'ports.scope',
    'ports.owner',
    'ports.actions',
  ];
  return (
    <div role="row" aria-rowindex={1} className={mergeClasses(s.row, s.header)}>
      {names.map((n) => (
        <span role="columnheader" key={n} className={s.cell}>
          {t(n)}
        </span>
      ))}
    </div>
  );
}

/** The sockets table: all rows in the DOM up to VIRTUALIZE_ABOVE, a virtualized window of rows above it. */
export function PortsTable({ rows, onDiagnose }: { rows: readonly LiveRow[]; onDiagnose(port: number): void }) {
  const { t } = useTranslation();
  const s = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALIZE_ABOVE;
  // No React Compiler in this build, and the virtualizer is read fresh on every render (nothing memoizes it).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  return (
    <div
      role="table"
      aria-label={t('ports.tableLabel')}
      aria-rowcount={rows.length + 1}
      className={s.table}
      data-testid="ports-table"
      data-virtual={virtual}
    >
      <div className={s.wide}>
        <HeaderRow />
        <div ref={scroller} className={s.scroller} role="rowgroup" tabIndex={0} aria-label={t('ports.scrollHint')}>
          {virtual ? (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                return row ? (
                  <SocketRowView key={item.key} row={row} index={item.index} start={item.start} onDiagnose={onDiagnose} />
                ) : null;
              })}
            </div>
          ) : (
            rows.map((row, i) => <SocketRowView key={row.key} row={row} index={i} onDiagnose={onDiagnose} />)
          )}
        </div>
      </div>
    </div>
  );
}
