import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBundleText } from '../../../../shared/bundle/schema';
import { createReplayRunner } from '../../../../electron/system/recording';
import { readWindowsCheckFacts } from '../../../../electron/probes/windows/check-facts';
import { judgeReservations, reservationFixes } from '../../../../shared/diagnose/reservations';

async function factsOf(name: string, expect?: string) {
  const parsed = parseBundleText(readFileSync(`test/fixtures/windows-bundles/${name}.portdoctor.json`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const target = parsed.bundle.target ?? { port: 1, protocol: 'tcp' as const };
  return readWindowsCheckFacts(createReplayRunner(parsed.bundle), { ...target, ...(expect ? { expect } : {}) });
}

describe('Windows port reservations (replayed real netsh outputs)', () => {
  it('a port in a WinNAT range that nothing could bind is port-excluded, with the dynamic range noted and WinNAT fixes', async () => {
    const facts = await factsOf('port-excluded-dynamic.zh-CN');
    const j = judgeReservations(facts);
    expect(j.findings).toEqual([expect.objectContaining({ cause: 'port-excluded', severity: 'error' })]);
    expect(j.evidence.map((e) => e.text).join('\n')).toMatch(/excluded range 49702–49801 \(IPv4\), reserved dynamically by WinNAT/);
    expect(j.evidence.map((e) => e.text).join('\n')).toMatch(/The dynamic port range is 1024–15000\. It starts below the default 49152/);
    const fixes = reservationFixes(facts);
    expect(fixes.map((f) => f.id)).toEqual(['release-winnat', 'move-dynamic-range']);
    expect(fixes[0]?.commands).toEqual([
      'net stop winnat',
      `netsh int ipv4 add excludedportrange protocol=tcp startport=${facts.target.port} numberofports=1`,
      'net start winnat',
    ]);
  });

  it('an administered exclusion names the administrator and how to remove it', async () => {
    const facts = await factsOf('port-excluded-administered');
    const j = judgeReservations(facts);
    expect(j.findings[0]).toMatchObject({ cause: 'port-excluded', severity: 'error' });
    expect(j.evidence[0]?.text).toMatch(/added by an administrator/);
    expect(reservationFixes(facts).map((f) => f.id)).toContain('remove-exclusion');
  });

  it('a portproxy listener on the port is port-excluded unless the proxy is what the user expects', async () => {
    const facts = await factsOf('port-excluded-portproxy');
    expect(judgeReservations(facts).findings[0]).toMatchObject({ cause: 'port-excluded', severity: 'error' });
    expect(judgeReservations(facts).evidence[0]?.source).toBe('windows.netsh.portproxy');
    const expected = await factsOf('port-excluded-portproxy', 'iphlpsvc');
    expect(judgeReservations(expected).findings[0]?.severity).toBe('info');
  });

  it('says nothing where no reservation touches the port', async () => {
    const facts = await factsOf('ok');
    expect(judgeReservations(facts)).toEqual({ evidence: [], findings: [] });
    expect(
      judgeReservations({ ...facts, reservations: { kind: 'unavailable', reason: 'needs-admin', detail: 'x' } }).evidence[0]?.text,
    ).toMatch(/could not be read \(needs-admin\)/);
  });
});
