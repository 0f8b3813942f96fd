import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCheckFacts } from '../../../../../shared/diagnose/judge-facts';
import { readWindowsCheckFacts } from '../../../../../electron/probes/windows/check-facts';
import { WINDOWS_SOURCES } from '../../../../../electron/probes/windows/sources';
import { collectBundle } from '../../../../../electron/probes/collect/collect';
import { createReplayRunner, decodeBytes } from '../../../../../electron/system/recording';
import { BundleSchema, parseBundleText } from '../../../../../shared/bundle/schema';
import { testServices } from '../../test-services';
import { FakeRunner } from './fake-runner';
import type { FakeAnswer } from './fake-runner';

/** Every source answered from a scenario bundle, plus the UDP sources a TCP bundle lacks. */
function machine(name: string): Record<string, FakeAnswer> {
  const parsed = parseBundleText(
    readFileSync(join(import.meta.dirname, `../../../../fixtures/windows-bundles/${name}.portdoctor.json`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  const answers: Record<string, FakeAnswer> = {};
  for (const spec of Object.values(WINDOWS_SOURCES)) {
    const e = parsed.bundle.sources[spec.source];
    answers[spec.source] = { argv: [spec.file, ...spec.args], stdout: e ? decodeBytes(e.stdout) : '' };
  }
  answers['windows.netsh.excludedportrange.udp'] = {
    argv: [WINDOWS_SOURCES.excludedUdp.file, ...WINDOWS_SOURCES.excludedUdp.args],
    stdout:
      '\r\nProtocol udp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n\r\n* - Administered port exclusions.\r\n',
  };
  answers['windows.ps.udp-endpoints'] = {
    argv: [WINDOWS_SOURCES.udpEndpoints.file, ...WINDOWS_SOURCES.udpEndpoints.args],
    stdout: '{"LocalAddress":"0.0.0.0","LocalPort":5353,"OwningProcess":2964}\r\n',
  };
  return answers;
}

describe('collect on Windows', () => {
  it('records every Windows source, and the bundle replays to the same facts as the live read', async () => {
    const answers = machine('firewall-block-beats-allow');
    const bundle = await collectBundle(testServices({ platform: 'win32', runner: new FakeRunner(answers) }), {
      port: 8080,
      protocol: 'tcp',
    });
    expect(BundleSchema.safeParse(bundle).success).toBe(true);
    expect(Object.keys(bundle.sources).sort()).toEqual(
      Object.values(WINDOWS_SOURCES)
        .map((s) => s.source)
        .sort(),
    );
    const target = { port: 8080, protocol: 'tcp' as const };
    const live = await readWindowsCheckFacts(new FakeRunner(answers), target);
    const replayed = await readWindowsCheckFacts(createReplayRunner(bundle), target);
    expect(replayed).toEqual(live);
    expect(judgeCheckFacts(live).firewall).toMatchObject({ kind: 'ok', data: { verdict: { decision: 'drop' } } });
  });

  it('a UDP check reads the UDP endpoints (bare single object) and UDP exclusions', async () => {
    const facts = await readWindowsCheckFacts(new FakeRunner(machine('ok')), { port: 5353, protocol: 'udp' });
    expect(facts.listeners).toMatchObject({
      kind: 'ok',
      data: [{ protocol: 'udp', state: 'UNCONN', localPort: 5353, owner: { pid: 2964, service: 'iphlpsvc' } }],
    });
    expect(facts.reservations).toMatchObject({ kind: 'ok', data: { excluded: [] } });
  });
});
