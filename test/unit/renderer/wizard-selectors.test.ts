import { describe, expect, it } from 'vitest';
import { selectStepRows } from '../../../renderer/features/diagnose/diagnose-selectors';
import {
  CAUSE_HOP,
  HOPS,
  clientOneLiners,
  countPacket,
  isOneClickFix,
  selectPathHops,
  stepCommands,
} from '../../../renderer/features/diagnose/wizard-selectors';
import { parseClientReport } from '../../../renderer/state/client-report';
import { CAUSES } from '../../../shared/schemas/common';
import type { CheckReport } from '../../../shared/schemas/report';
import probeRefused from '../shared/report/fixtures/probe-refused.json?raw';
import probeSh from '../../../scripts/probe/portdoctor-probe.sh?raw';
import { bashOneLiner } from '../../../shared/probe/one-liner';

const report = (cause: CheckReport['verdict']['cause'], statuses: string[]): CheckReport => ({
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp' },
  verdict: { cause, summary: cause, fixes: [] },
  steps: (['service', 'binding', 'firewall', 'client', 'packets'] as const).map((id, i) => ({
    id,
    status: statuses[i] as 'pass',
    evidence: [],
  })),
  findings: [],
});

describe('path diagram', () => {
  it('blames exactly one hop for every cause but ok, and each hop is blamed by some cause', () => {
    for (const cause of CAUSES) expect(CAUSE_HOP[cause] === null, cause).toBe(cause === 'ok' || cause === 'unknown');
    expect(new Set(Object.values(CAUSE_HOP).filter(Boolean))).toEqual(new Set(HOPS));
  });

  it('takes each hop’s status from the step that proves it and marks the blamed hop', () => {
    const r = report('host-firewall-drop', ['pass', 'pass', 'fail', 'fail', 'unknown']);
    const hops = selectPathHops(selectStepRows({ state: 'done', value: { kind: 'ok', data: r } }), r.verdict.cause);
    expect(hops.map((h) => [h.hop, h.status, h.failing])).toEqual([
      ['client', 'fail', false],
      ['network', 'unknown', false],
      ['firewall', 'fail', true],
      ['socket', 'pass', false],
      ['process', 'pass', false],
    ]);
  });

  it('blames nothing for ok or before a verdict, and an unknown hop stays unknown (never pass)', () => {
    const rows = selectStepRows({
      state: 'done',
      value: { kind: 'ok', data: report('ok', ['pass', 'pass', 'unknown', 'skipped', 'skipped']) },
    });
    const hops = selectPathHops(rows, 'ok');
    expect(hops.some((h) => h.failing)).toBe(false);
    expect(hops.find((h) => h.hop === 'firewall')?.status).toBe('unknown');
    expect(selectPathHops(selectStepRows({ state: 'idle' }), null).map((h) => h.status)).toEqual(Array(5).fill('pending'));
  });
});

describe('step details', () => {
  it('lists each command behind a step once', () => {
    const step = {
      id: 'firewall' as const,
      status: 'fail' as const,
      evidence: [
        { kind: 'rule', text: 'a', command: 'nft -a list ruleset' },
        { kind: 'policy', text: 'b', command: 'nft -a list ruleset' },
        { kind: 'x', text: 'c' },
      ],
    };
    expect(stepCommands(step)).toEqual(['nft -a list ruleset']);
    expect(stepCommands(null)).toEqual([]);
  });

  it('offers the firewall change as one click and everything else as guidance', () => {
    expect(isOneClickFix({ id: 'allow-port', kind: 'guided', title: 'Allow' })).toBe(true);
    expect(isOneClickFix({ id: 'bind-all', kind: 'guided', title: 'Bind' })).toBe(false);
  });

  it('builds the client one-liners from the probe scripts, with the address clients use or a placeholder', () => {
    const lines = clientOneLiners('srv.example.com', 8080);
    expect(lines.map((l) => l.id)).toEqual(['bash', 'powershell', 'cli']);
    expect(lines[0]?.command).toBe(bashOneLiner(probeSh, 'srv.example.com', 8080));
    expect(lines[0]?.command).toMatch(/^bash -c 'export LC_ALL=C; h=\$1; .*' portdoctor-probe srv\.example\.com 8080 > probe\.json$/);
    expect(lines[1]?.command).toMatch(
      /^& \{ \$h = 'srv\.example\.com'; \$p = 8080; \$t = 3000; .* \} \| Out-File -Encoding utf8 probe\.json$/,
    );
    expect(lines[2]?.command).toBe('portdoctor probe srv.example.com:8080 --json > probe.json');
    expect(clientOneLiners('  ', 22)[2]?.command).toBe('portdoctor probe SERVER:22 --json > probe.json');
    // No package called portdoctor is published: npx would fail, or run whatever someone publishes under the name.
    for (const l of [...lines, ...clientOneLiners('', 1)]) expect(l.command).not.toMatch(/\bnpx\b/);
  });
});

describe('client report intake', () => {
  it('accepts a real probe report and refuses the rest with a reason', () => {
    const ok = parseClientReport(probeRefused);
    expect(ok.ok && ok.report.outcome).toBe('refused');
    expect(parseClientReport('nope')).toMatchObject({ ok: false, error: 'clientNotJson' });
    expect(parseClientReport('{"schema":"portdoctor.bundle/1"}')).toMatchObject({ ok: false, error: 'clientNotOurs' });
    expect(parseClientReport(' '.repeat(2 * 1024 * 1024))).toMatchObject({ ok: false, error: 'clientTooLarge' });
  });
});

describe('live capture counts', () => {
  it('counts SYN, SYN-ACK, RST and ICMP per peer without mutating the previous list', () => {
    const a = countPacket([], { peer: '10.0.0.2', flags: 'S', time: 't1' });
    const b = countPacket(a, { peer: '10.0.0.2', flags: 'S.', time: 't2' });
    const c = countPacket(b, { peer: '10.0.0.3', flags: 'R.', time: 't3' });
    const d = countPacket(c, { peer: '10.0.0.3', flags: 'icmp', time: 't4' });
    expect(a[0]?.syn).toBe(1);
    expect(a[0]?.synAck).toBe(0);
    expect(d).toEqual([
      { peer: '10.0.0.2', syn: 1, synAck: 1, rst: 0, icmp: 0, last: 't2' },
      { peer: '10.0.0.3', syn: 0, synAck: 0, rst: 1, icmp: 1, last: 't4' },
    ]);
  });
});
