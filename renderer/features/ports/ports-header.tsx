import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLUMNS, COLUMN_IDS } from './ports-columns';
import type { ColumnId } from './ports-columns';
import { usePortsViewStore } from './ports-view-store';

const useStyles = makeStyles({
  cell: { position: 'relative', display: 'flex', alignItems: 'center', minWidth: 0, height: '100%' },
  sort: {
    flexGrow: 1,
    minWidth: 0,
    height: '100%',
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '0 8px',
    border: 'none',
    background: 'none',
    font: 'inherit',
    color: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground3Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  // The Actions header stays over its sticky column.
  sticky: {
    position: 'sticky',
    right: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground3,
    borderLeft: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  plain: { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  // The drag handle on a column's right edge; focusable, so arrow keys resize it too.
  handle: {
    position: 'absolute',
    top: 0,
    right: '-4px',
    width: '8px',
    height: '100%',
    cursor: 'col-resize',
    zIndex: 1,
    '::after': {
      content: '""',
      position: 'absolute',
      left: '3px',
      top: '6px',
      bottom: '6px',
      width: '2px',
      backgroundColor: tokens.colorNeutralStroke2,
    },
    ':hover::after': { backgroundColor: tokens.colorBrandStroke1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

const KEY_STEP = 16;

/** A column's resize handle: drag it, or focus it and use the arrow keys. */
function ResizeHandle({ id, label }: { id: ColumnId; label: string }) {
  const { t } = useTranslation();
  const s = useStyles();
  const width = usePortsViewStore((st) => st.widths[id]);
  const setWidth = usePortsViewStore((st) => st.setWidth);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = width;
    // On the window, so a drag that leaves the thin handle (or the table) keeps resizing until the button is released.
    const move = (ev: globalThis.PointerEvent) => setWidth(id, startWidth + ev.clientX - startX);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    setWidth(id, width + (e.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP));
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={t('ports.resizeColumn', { column: label })}
      aria-valuenow={width}
      aria-valuemin={COLUMNS[id].min}
      tabIndex={0}
      className={s.handle}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid={`resize-${id}`}
    />
  );
}

/** The header row: each column sorts on click (ascending, descending, off) and resizes at its right edge. */
export function PortsHeader({ className, template }: { className: string; template: string }) {
  const { t } = useTranslation();
  const s = useStyles();
  const sort = usePortsViewStore((st) => st.sort);
  const sortBy = usePortsViewStore((st) => st.sortBy);
  return (
    <div role="row" aria-rowindex={1} className={className} style={{ gridTemplateColumns: template }}>
      {COLUMN_IDS.map((id) => {
        const label = t(COLUMNS[id].label);
        const sorted = sort?.column === id ? sort.direction : undefined;
        return (
          <div
            role="columnheader"
            key={id}
            aria-sort={id === 'actions' ? undefined : (sorted ?? 'none')}
            className={mergeClasses(s.cell, id === 'actions' ? s.sticky : undefined)}
            data-column={id}
          >
            {id === 'actions' ? (
              <span className={s.plain}>{label}</span>
            ) : (
              <button
                type="button"
                className={s.sort}
                onClick={() => sortBy(id)}
                title={t('ports.sortBy', { column: label })}
                data-testid={`sort-${id}`}
              >
                <span className={s.label}>{label}</span>
                {sorted === 'ascending' ? <ArrowSortUpRegular /> : sorted === 'descending' ? <ArrowSortDownRegular /> : null}
              </button>
            )}
            {id === 'actions' ? null : <ResizeHandle id={id} label={label} />}
          </div>
        );
      })}
    </div>
  );
}
