import { describe, expect, it } from 'vitest';
import { formatFleetHtml, formatFleetMarkdown, mergeFleet } from '../../../../shared/report/fleet';
import type { CheckReport } from '../../../../shared/schemas/report';

const HOSTILE = '<script>alert(1)</script> | `x` [a](javascript:1) \u001b[2J';

function report(cause: CheckReport['verdict']['cause'], rule: string | null): CheckReport {
  return {
    schema: 'portdoctor.check/1',
    target: { port: 8080, protocol: 'tcp' },
    verdict: {
      cause,
      summary: `summary ${HOSTILE}`,
      fixes: rule ? [{ kind: 'firewall', title: `allow ${HOSTILE}`, commands: [`nft insert rule ${HOSTILE}`] }] : [],
    },
    steps: [{ id: 'firewall', status: rule ? 'fail' : 'pass', summary: '', evidence: rule ? [{ kind: 'rule', text: rule }] : [] }],
    findings: [],
  } as unknown as CheckReport;
}

describe('fleet merge', () => {
  const rows = mergeFleet([
    { host: 'web-2', file: 'b', report: report('host-firewall-drop', `nftables rule ${HOSTILE} drops it`) },
    { host: 'web-1', file: 'a', report: report('ok', null) },
    { host: HOSTILE, file: 'c', error: `c is not JSON ${HOSTILE}` },
  ]);

  it('one row per host and port, sorted, with the deciding rule and a row saying why a result is missing', () => {
    expect(rows.map((r) => [r.host, r.port, r.cause])).toEqual([
      [HOSTILE, '—', 'unreadable'],
      ['web-1', '8080/tcp', 'ok'],
      ['web-2', '8080/tcp', 'host-firewall-drop'],
    ]);
    expect(rows[2]?.decidedBy).toContain('drops it');
    expect(rows[2]?.fixes[0]?.commands[0]).toContain('nft insert rule');
    expect(rows[1]?.causeText).toBe('Nothing on this host stops the connection');
  });

  it('HTML: nothing from a host becomes markup', () => {
    const html = formatFleetHtml(rows, undefined, 'T');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
  });

  it('Markdown: table cells cannot be split or turned into links', () => {
    const md = formatFleetMarkdown(rows, undefined, 'T');
    const tableRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    // Header + 3 rows, each exactly 4 cells: an escaped | never opens a fifth.
    expect(tableRows).toHaveLength(4);
    for (const l of tableRows) expect(l.split(/(?<!\\)\|/).length).toBe(6);
    // Commands stay literal inside a code fence (rendered as text); everywhere else HTML is escaped.
    expect(md.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '')).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\[a\\]\\(javascript:1\\)');
  });
});
