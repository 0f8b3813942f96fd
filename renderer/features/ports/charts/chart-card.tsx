import { Caption1, Card, Subtitle2, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useId } from 'react';
import type { ReactNode } from 'react';
import { useColorScheme } from '../../../state/use-color-scheme';

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

/** The text alternative's table: column headers and rows of cells. */
export interface ChartTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Chart colours from the Fluent theme in use (SVG attributes take colours, not CSS variables), and the styles every chart shares. */
export function useChartColors() {
  const theme = useColorScheme() === 'dark' ? webDarkTheme : webLightTheme;
  const text = theme.colorNeutralForeground2;
  return {
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
  children: ReactNode;
}) {
  const s = useStyles();
  const titleId = useId();
  const summaryId = useId();
  return (
    <Card className={s.card} role="figure" aria-labelledby={titleId} aria-describedby={summaryId} data-testid={props.testId}>
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
          {props.children}
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
