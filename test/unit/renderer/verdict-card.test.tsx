import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VerdictCard } from '../../../renderer/features/diagnose/verdict-card';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { CheckReportSchema } from '../../../shared/schemas/report';

const RULE = 'nftables rule `tcp dport 8080 drop` (table inet filter, chain input, handle 5) drops TCP 8080';
const report = (summaryKey: string, summary: string) =>
  CheckReportSchema.parse({
    schema: 'portdoctor.check/1',
    target: { port: 8080, protocol: 'tcp', source: '10.99.1.2' },
    verdict: {
      cause: 'host-firewall-drop',
      summary,
      summaryKey,
      fixes: [
        {
          id: 'allow',
          kind: 'guided',
          title: 'Allow 8080/tcp from 10.99.1.2',
          commands: ['nft insert rule inet filter input tcp dport 8080 accept'],
        },
      ],
    },
    steps: [],
    findings: [
      {
        cause: 'host-firewall-drop',
        severity: 'error',
        evidence: [
          { kind: 'socket', text: 'sshd listens on 0.0.0.0:8080' },
          { kind: 'rule', text: RULE, source: 'nftables', command: 'nft -a list ruleset' },
          { kind: 'packets', text: '3 SYNs from 10.99.1.2 arrived, none answered' },
        ],
      },
      { cause: 'not-listening', severity: 'info', evidence: [{ kind: 'rule', text: 'not the cause: never shown as proof' }] },
    ],
  });

beforeAll(() => initI18n());
afterEach(() => {
  cleanup();
  setLanguage('en');
});
const show = (r: ReturnType<typeof report>) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <VerdictCard report={r} replaying />
    </FluentProvider>,
  );

describe('the verdict card (issue 13 item 1)', () => {
  it('leads with the cause and its proof, strongest first, and does not repeat the headline as its body', () => {
    show(report('engine.verdict.host-firewall-drop', 'The host firewall silently drops the connection.'));
    const proof = within(screen.getByTestId('verdict-proof'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(proof[0]).toContain(RULE);
    expect(proof[0]).toContain('nft -a list ruleset');
    expect(proof[1]).toBe('3 SYNs from 10.99.1.2 arrived, none answered');
    expect(proof.join('\n')).not.toContain('not the cause');
    expect(screen.queryByTestId('verdict-summary')).toBeNull();
    const card = screen.getByTestId('verdict').textContent ?? '';
    expect(card.split('The host firewall silently drops the connection').length - 1).toBe(1);
  });

  it('shows the reasoning when it adds to the cause, in the reader’s language', () => {
    show(report('engine.verdict.decision', 'client timeout + the host firewall drops the SYN'));
    expect(screen.getByTestId('verdict-summary').textContent).toBe('Decided from: client timeout + the host firewall drops the SYN');
    cleanup();
    setLanguage('zh-CN');
    show(report('engine.verdict.decision', 'x'));
    expect(screen.getByTestId('verdict-proof').textContent).toContain('关键证据');
    expect(screen.getByTestId('verdict-summary').textContent).toMatch(/^判定依据：/);
  });
});
