import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChartCard, DRAW_EVERY_MS, useChartColors } from '../../../renderer/features/ports/charts/chart-card';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';

// The charts tab's CPU (issue 13 item 9): a chart's drawing takes new figures when the draw clock ticks (every other
// second) or when the language or colours change, while its summary and table follow its props (the charts panel
// itself takes new rows only at the clock's ticks: charts-data.test.tsx).

beforeAll(() => {
  initI18n();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A chart whose drawing is a text holding `value` (a stand-in for recharts, which draws nothing in jsdom). */
function Chart({ value }: { value: number }) {
  return (
    <FluentProvider theme={webLightTheme}>
      <Card value={value} />
    </FluentProvider>
  );
}

function Card({ value }: { value: number }) {
  const { look } = useChartColors();
  return (
    <ChartCard
      title="T"
      summary={`summary ${value}`}
      table={{ caption: 'c', columns: ['v'], rows: [[value]] }}
      testId="chart-x"
      look={look}
    >
      <span data-testid="drawing">{`drawn ${value}`}</span>
    </ChartCard>
  );
}

describe('chart drawing', () => {
  it('draws new figures at the next tick of the draw clock, while the summary and table follow at once', () => {
    vi.useFakeTimers();
    const view = render(<Chart value={1} />);
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 1');
    view.rerender(<Chart value={2} />);
    expect(screen.getByTestId('chart-x-summary').textContent).toBe('summary 2');
    expect(screen.getByTestId('chart-x-table').textContent).toContain('2');
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 1');
    act(() => {
      vi.advanceTimersByTime(DRAW_EVERY_MS);
    });
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 2');
    view.rerender(<Chart value={3} />);
    view.rerender(<Chart value={4} />);
    act(() => {
      vi.advanceTimersByTime(DRAW_EVERY_MS);
    });
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 4');
  });

  it('draws at once when the language changes', () => {
    vi.useFakeTimers();
    const view = render(<Chart value={1} />);
    view.rerender(<Chart value={2} />);
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 1');
    act(() => setLanguage('zh-CN'));
    expect(screen.getByTestId('drawing').textContent).toBe('drawn 2');
    act(() => setLanguage('en'));
  });
});
