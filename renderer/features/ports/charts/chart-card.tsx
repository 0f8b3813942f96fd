import { Caption1, Card, Subtitle2, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { memo, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReactNode, RefObject } from 'react';
import { useColorScheme } from '../../../state/use-color-scheme';
import { CHARTS_INTERVAL_MS } from '../ports-store';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  // A fixed height: the chart area never grows or shrinks as data arrives, so nothing below it moves.
  plot: { height: '220px', minWidth: 0 },
  empty: { height: '220px', display: 'flex', alignItems: 'center', justifyContent: 'center', color: tokens.colorNeutralForeground3 },
  // Visually hidden but read by screen readers (the usual clip pattern).
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    padding: 0,
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/** Whether the element is on screen (IntersectionObserver); true until the first answer, and where there is none (jsdom). */
function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) setOnScreen(last.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}

/**
 * How often the charts change. The rows come each second, and drawing them (recharts' render, its store and the
 * SVG's layout and paint) was most of the charts tab's CPU (issue 13 item 9): the charts panel takes the newest rows
 * and the figures, summaries and tables made from them at each tick of this clock (charts-panel.tsx), and each
 * drawing changes only at a tick too, or at once when colours or language change.
 */
export const DRAW_EVERY_MS = CHARTS_INTERVAL_MS;

/** One clock for every chart, running while a chart is shown: a counter that goes up each DRAW_EVERY_MS. */
const drawClock = { frame: 0, listeners: new Set<() => void>(), timer: undefined as ReturnType<typeof setInterval> | undefined };

function subscribeDrawClock(onTick: () => void): () => void {
  drawClock.listeners.add(onTick);
  drawClock.timer ??= setInterval(() => {
    drawClock.frame++;
    for (const l of drawClock.listeners) l();
  }, DRAW_EVERY_MS);
  return () => {
    drawClock.listeners.delete(onTick);
    if (drawClock.listeners.size > 0 || drawClock.timer === undefined) return;
    clearInterval(drawClock.timer);
    drawClock.timer = undefined;
  };
}

interface DrawingProps {
  children: ReactNode;
  /** The draw clock's count: a new one lets the drawing take the latest figures. */
  frame: number;
  /** Colour scheme and language: a change is drawn at once. */
  look: string;
  offScreen: boolean;
}

/**
 * The chart's drawing (recharts), drawn again only when the draw clock ticks or the colours or language change, and
 * left as it is while off screen (it catches up as it comes back into view). Between draws, the chart's newest
 * figures wait in `children`.
 */
const Drawing = memo(
  function Drawing({ children }: DrawingProps) {
    return <>{children}</>;
  },
  (drawn, next) => next.offScreen || (drawn.frame === next.frame && drawn.look === next.look && !drawn.offScreen),
);

/** The draw clock's count, while the calling component is shown: it changes each DRAW_EVERY_MS. */
export function useDrawFrame(): number {
  return useSyncExternalStore(
    subscribeDrawClock,
    () => drawClock.frame,
    () => 0,
  );
}

function Plot({ children, look, offScreen }: Omit<DrawingProps, 'frame'>) {
  const frame = useDrawFrame();
  return (
    <Drawing frame={frame} look={look} offScreen={offScreen}>
      {children}
    </Drawing>
  );
}

/** The text alternative's table: column headers and rows of cells. */
export interface ChartTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * For a grid drawn in one direction only (`CartesianGrid vertical={false}`): recharts computes the other direction's
 * lines anyway (the axis ticks, each label's size measured in the DOM) and throws them away; this gives it none to compute.
 */
export const NO_GRID_LINES = (): number[] => [];

/** Chart colours from the Fluent theme in use (SVG attributes take colours, not CSS variables), and the styles every chart shares. */
export function useChartColors() {
  const scheme = useColorScheme();
  const { language } = useTranslation().i18n;
  const theme = scheme === 'dark' ? webDarkTheme : webLightTheme;
  const text = theme.colorNeutralForeground2;
  return {
    /**
     * Colour scheme and language, for ChartCard's `look`: taken in the same render as the drawing's colours and
     * words, so a new look always comes with the drawing made for it. (When ChartCard followed the scheme itself,
     * it could re-render before the chart did: the new look was drawn with the old colours and the dark theme
     * showed only at the next tick of the draw clock.)
     */
    look: `${scheme} ${language}`,
    text,
    grid: theme.colorNeutralStroke2,
    brand: theme.colorBrandBackground,
    green: theme.colorPaletteGreenBorderActive,
    orange: theme.colorPaletteDarkOrangeBorderActive,
    red: theme.colorPaletteRedBorderActive,
    purple: theme.colorPalettePurpleBorderActive,
    grey: theme.colorNeutralStrokeAccessible,
    track: theme.colorNeutralStroke2,
    // The axis ticks, tooltip box and legend every chart shares.
    tick: { fill: text, fontSize: 11 },
    tooltipStyle: { background: theme.colorNeutralBackground1, color: text },
    legendStyle: { fontSize: 11, color: text },
  };
}

/**
 * One chart: title, a one-sentence summary the figure is described by, the chart itself hidden from screen
 * readers, and the same data as a visually hidden table (the chart's text alternative).
 */
export function ChartCard(props: {
  title: string;
  summary: string;
  table: ChartTable;
  empty?: string | null;
  testId: string;
  /** `useChartColors().look` from the chart's own render: the drawing is redrawn at once when it changes. */
  look: string;
  children: ReactNode;
}) {
  const s = useStyles();
  const titleId = useId();
  const summaryId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(ref);
  return (
    <Card ref={ref} className={s.card} role="figure" aria-labelledby={titleId} aria-describedby={summaryId} data-testid={props.testId}>
      <Subtitle2 id={titleId} as="h3">
        {props.title}
      </Subtitle2>
      <Caption1 id={summaryId} data-testid={`${props.testId}-summary`}>
        {props.summary}
      </Caption1>
      {props.empty ? (
        <div className={s.empty}>{props.empty}</div>
      ) : (
        <div className={s.plot} aria-hidden="true">
          <Plot look={props.look} offScreen={!onScreen}>
            {props.children}
          </Plot>
        </div>
      )}
      <table className={s.hidden} data-testid={`${props.testId}-table`}>
        <caption>{props.table.caption}</caption>
        <thead>
          <tr>
            {props.table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
