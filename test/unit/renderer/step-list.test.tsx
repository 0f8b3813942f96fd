import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StepList } from '../../../renderer/features/diagnose/step-list';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { clientStep, packetsStep } from '../../../shared/diagnose/combined-steps';

beforeAll(() => initI18n());
afterEach(() => {
  cleanup();
  setLanguage('en');
});

// The engine's own skipped steps 4 and 5, exactly as a diagnosis without a client result or capture makes them.
const rows = () => [
  { id: 'client' as const, status: 'skipped' as const, step: clientStep(null) },
  { id: 'packets' as const, status: 'skipped' as const, step: packetsStep(null, null) },
];

describe('steps 4 and 5 in the app name buttons, not CLI flags (issue 13 item 2)', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`in ${lang}`, () => {
      setLanguage(lang);
      render(
        <FluentProvider theme={webLightTheme}>
          <StepList rows={rows()} />
        </FluentProvider>,
      );
      for (const id of ['client', 'packets']) {
        const text = screen.getByTestId(`step-${id}`).textContent ?? '';
        expect(text).not.toMatch(/--[a-z]/);
        expect(text).not.toContain('portdoctor ');
      }
      expect(screen.getByTestId('step-client').textContent).toContain(lang === 'en' ? 'load its result' : '载入其结果');
      expect(screen.getByTestId('step-packets').textContent).toContain(lang === 'en' ? 'start a capture' : '开始抓包');
    });
  }
});
