import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBundleText } from '../../../../shared/bundle/schema';
import { createReplayRunner } from '../../../../electron/system/recording';
import { judgeCheckFacts } from '../../../../shared/diagnose/judge-facts';
import { readWindowsCheckFacts } from '../../../../electron/probes/windows/check-facts';
import { judgeReservations } from '../../../../shared/diagnose/reservations';
import { reservationFixes } from '../../../../shared/diagnose/reservation-fixes';

async function factsOf(name: string, expect?: string) {
  const parsed = parseBundleText(readFileSync(`test/fixtures/windows-bundles/${name}.portdoctor.json`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const target = parsed.bundle.target ?? { port: 1, protocol: 'tcp' as const };
  return judgeCheckFacts(await readWindowsCheckFacts(createReplayRunner(parsed.bundle), { ...target, ...(expect ? { expect } : {}) }));
}

describe('Windows port reservations (replayed real netsh outputs)', () => {
  it('a port in a WinNAT range that nothing could bind is port-excluded, with the dynamic range noted and WinNAT fixes', async () => {
    const facts = await factsOf('port-excluded-dynamic.zh-CN');
    const j = judgeReservations(facts);
    expect(j.findings).toEqual([expect.objectContaining({ cause: 'port-excluded', severity: 'error' })]);
    expect(j.evidence.map((e) => e.text).join('\n')).toMatch(/excluded range 49702–49801 \(IPv4\), reserved dynamically by WinNAT/);
    expect(j.evidence.map((e) => e.text).join('\n')).toMatch(
      /The dynamic TCP port range is 1024–15000\. It starts below the default 49152/,
    );
    const fixes = reservationFixes(facts);
    expect(fixes.map((f) => f.id)).toEqual(['release-winnat', 'move-dynamic-range']);
    expect(fixes[0]?.commands).toEqual([
      'net stop winnat',
      `netsh int ipv4 add excludedportrange protocol=tcp startport=${facts.target.port} numberofports=1`,
      'net start winnat',
    ]);
  });

  // Issue 16 item 1: an explicit bind to an administered exclusion succeeds (docs/windows.md cites why).
  it('an administered exclusion (Hyper-V 50000–50059 *) does not stop the bind and is never to be deleted', async () => {
    const facts = await factsOf('port-excluded-administered');
    const j = judgeReservations(facts);
    expect(j.findings).toEqual([expect.objectContaining({ cause: 'port-excluded', severity: 'info' })]);
    expect(j.evidence[0]?.text).toMatch(
      /administered exclusion 50000–50059 .*the block Hyper-V adds.*an explicit bind by the service still succeeds/,
    );
    expect(j.evidence[0]?.data).toMatchObject({ administered: true, blocksBind: false });
    const fixes = reservationFixes(facts);
    expect(fixes.flatMap((f) => f.commands ?? []).join('\n')).not.toMatch(/delete excludedportrange/);
  });

  it('a single administered port (what the WinNAT fix creates) is read as reserved for the service, not as the cause', async () => {
    const facts = await factsOf('port-excluded-dynamic.zh-CN');
    const at50051 = { ...facts, target: { ...facts.target, port: 50051 } };
    const j = judgeReservations(at50051);
    expect(j.findings[0]?.severity).toBe('info');
    expect(j.evidence[0]?.text).toMatch(/reserved on its own as an administered exclusion.*as the WinNAT fix does/);
    expect(reservationFixes(at50051).map((f) => f.id)).not.toContain('release-winnat');
  });

  // Issue 16 item 5: a UDP exclusion is a UDP exclusion, from the UDP source, with a UDP fix.
  it('a UDP port in a dynamic UDP exclusion is described, sourced and fixed as UDP', async () => {
    const facts = await factsOf('port-excluded-udp');
    expect(facts.target.protocol).toBe('udp');
    const j = judgeReservations(facts);
    expect(j.findings[0]).toMatchObject({ cause: 'port-excluded', severity: 'error' });
    const range = j.evidence.find((e) => e.data?.['start'] === 53558);
    expect(range?.text).toMatch(/^UDP port 53600 lies in the excluded range 53558–53657/);
    expect(range).toMatchObject({
      source: 'windows.netsh.excludedportrange.udp',
      command: 'netsh interface ipv4 show excludedportrange protocol=udp',
    });
    expect(j.evidence.map((e) => e.text).join('\n')).not.toMatch(/TCP/);
    expect(reservationFixes(facts).find((f) => f.id === 'release-winnat')?.commands).toContain(
      'netsh int ipv4 add excludedportrange protocol=udp startport=53600 numberofports=1',
    );
  });

  // Issue 16 item 4: the entry's own table; no listenaddress= for `*`.
  it('removes a v6tov4 portproxy from its own table, without listenaddress= when netsh printed *', async () => {
    const facts = await factsOf('port-excluded-portproxy-v6tov4');
    expect(judgeReservations(facts).findings[0]).toMatchObject({ cause: 'port-excluded', severity: 'error' });
    expect(reservationFixes(facts).find((f) => f.id === 'remove-portproxy')?.commands).toEqual([
      'netsh interface portproxy delete v6tov4 listenport=8443',
    ]);
    const v4 = await factsOf('port-excluded-portproxy');
    expect(reservationFixes(v4).find((f) => f.id === 'remove-portproxy')?.commands).toEqual([
      'netsh interface portproxy delete v4tov4 listenport=30000-50000 listenaddress=0.0.0.0',
    ]);
  });

  // Issue 16 item 6: an unreadable dynamic range is said, as unknown with its reason.
  it('says the dynamic range is unknown, with its reason, when its output cannot be read', async () => {
    const facts = await factsOf('port-excluded-dynamic-unreadable');
    const j = judgeReservations(facts);
    const lost = j.evidence.find((e) => e.source === 'windows.netsh.dynamicport.tcp');
    expect(lost).toMatchObject({ data: { status: 'unknown', reason: 'unparseable' }, key: 'engine.reservation.unreadableDynamic' });
    expect(lost?.text).toMatch(/^Unknown: the dynamic TCP port range could not be read \(unparseable\): no start port and count/);
    expect(reservationFixes(facts).map((f) => f.id)).toEqual(['release-winnat']);
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
