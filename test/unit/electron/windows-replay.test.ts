import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { judgeCheckFacts } from '../../../shared/diagnose/judge-facts';
import { readWindowsCheckFacts } from '../../../electron/probes/windows/check-facts';
import { WINDOWS_SOURCES } from '../../../electron/probes/windows/sources';
import { createReplayRunner } from '../../../electron/system/recording';
import { parseBundleText } from '../../../shared/bundle/schema';
import type { Bundle } from '../../../shared/bundle/schema';
import type { CheckFacts } from '../../../shared/diagnose/facts';
import type { CheckReport, Evidence } from '../../../shared/schemas/report';

const DIR = join(import.meta.dirname, '../../fixtures/windows-bundles');
const load = (name: string): Bundle => {
  const parsed = parseBundleText(readFileSync(join(DIR, `${name}.portdoctor.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.bundle;
};
const factsOf = async (bundle: Bundle, extra: Partial<CheckFacts['target']> = {}) =>
  judgeCheckFacts(await readWindowsCheckFacts(createReplayRunner(bundle), { port: bundle.target?.port ?? 1, protocol: 'tcp', ...extra }));
const verdictOf = (facts: CheckFacts) => (facts.firewall.kind === 'ok' ? facts.firewall.data.verdict : null);

async function check(name: string, ...extra: string[]): Promise<{ code: number; report: CheckReport }> {
  const out: string[] = [];
  const port = String(load(name).target?.port);
  const code = await runCli(['check', port, '--replay', join(DIR, `${name}.portdoctor.json`), '--json', ...extra], {
    out: (t) => out.push(t),
    err: () => undefined,
  });
  return { code, report: JSON.parse(out.join('')) as CheckReport };
}
const firewallEvidence = (r: CheckReport): Evidence[] => r.steps.find((s) => s.id === 'firewall')?.evidence ?? [];

describe('Windows bundles are valid, and recorded with the probes\u2019 exact argv', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.portdoctor.json'));
  it('has a bundle for every Windows cause of issue #5', () => expect(files.length).toBeGreaterThanOrEqual(12));
  it.each(files)('%s', (file) => {
    const parsed = parseBundleText(readFileSync(join(DIR, file), 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.bundle.platform.os).toBe('win32');
    const specs = Object.values(WINDOWS_SOURCES);
    for (const [id, entry] of Object.entries(parsed.bundle.sources)) {
      const spec = specs.find((s) => s.source === id);
      expect(spec, id).toBeDefined();
      expect(entry.argv).toEqual([spec?.file, ...(spec?.args ?? [])]);
    }
  });
});

describe('portdoctor check --replay <Windows bundle> --json: cause and deciding rule', () => {
  it.each([
    ['ok', [], 'ok', 0],
    ['loopback-only', [], 'loopback-only', 1],
    ['port-in-use-iis', ['--expect', 'nginx'], 'port-in-use', 1],
    ['port-in-use-iis', ['--expect', 'w3wp'], 'ok', 0],
    ['port-in-use-service', ['--expect', 'mysqld-dev'], 'port-in-use', 1],
    ['firewall-default-block', [], 'host-firewall-drop', 1],
    ['firewall-block-beats-allow', [], 'host-firewall-drop', 1],
    ['firewall-wrong-profile', [], 'host-firewall-drop', 1],
    ['firewall-program-path', [], 'host-firewall-drop', 1],
    ['firewall-gpo-local-disabled', [], 'host-firewall-drop', 1],
  ] as const)('%s %j → %s', async (name, extra, cause, exitCode) => {
    const { code, report } = await check(name, ...extra);
    expect(report.schema).toBe('portdoctor.check/1');
    expect(report.verdict.cause).toBe(cause);
    expect(code).toBe(exitCode);
    expect(report.replayed?.hostname).toBe('SRV01');
  });

  it('names the IIS request queue and its worker that hold port 80 (PID 4, http.sys)', async () => {
    const { report } = await check('port-in-use-iis', '--expect', 'nginx');
    expect(JSON.stringify(report.steps[0]?.evidence)).toContain(
      'http.sys request queue DefaultAppPool (workers: w3wp.exe 7020): HTTP://*:80/',
    );
  });

  it('names the Group Policy block rule that beats the allow rule', async () => {
    const text = firewallEvidence((await check('firewall-block-beats-allow')).report)
      .map((e) => e.text)
      .join('\n');
    expect(text).toMatch(
      /^The Windows Defender Firewall rule `"Block non-standard web ports" \(store: contoso\.com\\Server Baseline\).*` \(chain Inbound\) drops the packet\.$/m,
    );
    expect(text).toMatch(/wins over allow rule\(s\) "Web App 8080"/);
  });

  it.each([
    ['firewall-default-block', /No Windows Defender Firewall rule matches, so the policy of chain Public\/Inbound decides: block\./],
    [
      'firewall-wrong-profile',
      /"Web App 8080" matches, but only in the Domain, Private profile\(s\); this interface is in the Public profile/,
    ],
    ['firewall-program-path', /go-build1187042316.*go-build2231907745.*`go run` builds to a new temporary path/],
    [
      'firewall-gpo-local-disabled',
      /"Web App 8443" matches, but it is a local rule and Group Policy sets AllowLocalFirewallRules = False for the Domain profile/,
    ],
    ['ok', /rule `"Web App 8080".*` \(chain Inbound\) lets the packet in\./],
  ])('%s: evidence says why', async (name, text) => {
    expect(
      firewallEvidence((await check(name)).report)
        .map((e) => e.text)
        .join('\n'),
    ).toMatch(text);
  });
});

describe('port-excluded through the CLI', () => {
  it.each([
    ['port-excluded-dynamic.zh-CN', /reserved dynamically by WinNAT/, 'release-winnat'],
    ['port-excluded-portproxy', /netsh portproxy listens on/, 'remove-portproxy'],
    ['port-excluded-portproxy-v6tov4', /netsh portproxy listens on \*:8443/, 'remove-portproxy'],
    ['port-excluded-udp', /UDP port 53600 lies in the excluded range 53558–53657/, 'release-winnat'],
    ['port-excluded-dynamic-unreadable', /Unknown: the dynamic TCP port range could not be read/, 'release-winnat'],
  ])('%s → port-excluded, with who reserved it and the fix', async (name, who, fix) => {
    const { code, report } = await check(name, ...(name.endsWith('-udp') ? ['--protocol', 'udp'] : []));
    expect(code).toBe(1);
    expect(report.verdict.cause).toBe('port-excluded');
    expect(report.steps[0]?.status).toBe('fail');
    expect(report.steps[0]?.evidence.map((e) => e.text).join('\n')).toMatch(who);
    expect(report.verdict.fixes.map((f) => f.id)).toContain(fix);
  });
});

describe('an administered exclusion is not the cause (issue 16 item 1)', () => {
  it('port-excluded-administered: nothing listens on 50010, which Hyper-V\u2019s 50000–50059 * keeps free: not-listening, no deletion advised', async () => {
    const { report } = await check('port-excluded-administered');
    expect(report.verdict.cause).not.toBe('port-excluded');
    expect(report.verdict.cause).toBe('not-listening');
    expect(report.steps[0]?.evidence.map((e) => e.text).join('\n')).toMatch(/an explicit bind by the service still succeeds/);
    expect(JSON.stringify(report.verdict.fixes)).not.toMatch(/delete excludedportrange/);
  });
});

describe('readWindowsCheckFacts over the replayed bundles', () => {
  it('port-excluded (dynamic, zh-CN GBK): the port lies in a WinNAT range, the dynamic range starts at 1024', async () => {
    const facts = await factsOf(load('port-excluded-dynamic.zh-CN'));
    expect(facts.reservations).toMatchObject({ kind: 'ok', data: { dynamicRange: { start: 1024, end: 15000 } } });
    const data = facts.reservations?.kind === 'ok' ? facts.reservations.data : null;
    expect(data?.excluded.filter((r) => r.start <= 49710 && 49710 <= r.end)).toEqual([
      { start: 49702, end: 49801, administered: false, family: 4, protocol: 'tcp' },
      { start: 49702, end: 49801, administered: false, family: 6, protocol: 'tcp' },
    ]);
    expect(facts.listeners).toEqual({ kind: 'ok', data: [] });
    expect(verdictOf(facts)?.rule?.text).toContain('开发服务器 49710');
  });

  it('port-excluded (administered `*`)', async () => {
    const facts = await factsOf(load('port-excluded-administered'));
    const data = facts.reservations?.kind === 'ok' ? facts.reservations.data : null;
    expect(data?.excluded.find((r) => r.start <= 50010 && 50010 <= r.end)).toEqual({
      start: 50000,
      end: 50059,
      administered: true,
      family: 4,
      protocol: 'tcp',
    });
  });

  it('port-excluded (portproxy): the real overflowing 30000-50000 entry holds port 40000, iphlpsvc listens', async () => {
    const facts = await factsOf(load('port-excluded-portproxy'));
    expect(facts.reservations?.kind === 'ok' && facts.reservations.data.portproxy).toEqual([
      {
        listenAddress: '0.0.0.0',
        listenPort: 40000,
        connectAddress: '172.23.188.236',
        connectPort: '30000-50000',
        kind: 'v4tov4',
        listenPortText: '30000-50000',
      },
    ]);
    expect(facts.listeners.kind === 'ok' && facts.listeners.data[0]?.owner?.service).toBe('iphlpsvc');
  });

  it('firewall facts carry backend windows, the evaluated source, and the interface profile', async () => {
    const facts = await factsOf(load('firewall-gpo-local-disabled'));
    expect(facts.firewall).toMatchObject({
      kind: 'ok',
      data: {
        inCharge: 'windows',
        evaluatedSource: '203.0.113.10',
        verdict: { backend: 'windows', decision: 'drop', policy: { table: 'Domain', policy: 'block' } },
      },
    });
    expect(facts.addresses.kind === 'ok' && facts.addresses.data.find((a) => a.address === '192.168.1.10')).toEqual({
      interface: 'Ethernet',
      address: '192.168.1.10',
      family: 4,
      profile: 'domain',
    });
    expect(facts.privilege).toEqual({ elevated: true, skipped: [] });
  });

  it('a client on the local subnet is evaluated on the same interface (--source)', async () => {
    const facts = await factsOf(load('ok'), { source: '192.168.1.50' });
    expect(verdictOf(facts)).toMatchObject({ decision: 'accept', rule: { name: '{Web-App-8080}' } });
  });

  it('finds the expected service among the processes (--expect)', async () => {
    const facts = await factsOf(load('port-in-use-service'), { expect: 'MySQL80' });
    expect(facts.expected).toMatchObject({ kind: 'ok', data: [{ pid: 4410, name: 'mysqld.exe', uid: null, canBindPrivileged: null }] });
  });
});

describe('ports through the CLI on a Windows report', () => {
  it('lists every TCP state and UDP endpoint with owners, as on Linux', async () => {
    const out: string[] = [];
    const code = await runCli(['ports', '--replay', join(DIR, 'ok.portdoctor.json'), '--json'], {
      out: (t) => out.push(t),
      err: () => undefined,
    });
    expect(code).toBe(0);
    const list = JSON.parse(out.join('')) as { sockets: { state: string; localPort: number; owner?: { pid: number; name?: string } }[] };
    expect(new Set(list.sockets.map((s) => s.state))).toEqual(new Set(['LISTEN', 'ESTAB', 'TIME-WAIT']));
    expect(list.sockets.find((s) => s.state === 'LISTEN' && s.localPort === 8080)?.owner).toMatchObject({ pid: 6120, name: 'node.exe' });
    expect(list.sockets.find((s) => s.localPort === 445)?.owner).toMatchObject({ pid: 4 });
  });
});

describe('Windows firewall evidence names its source', () => {
  it.each([
    ['firewall-block-beats-allow', 'windows.ps.firewall-rules', /Get-NetFirewallRule/],
    ['firewall-default-block', 'windows.ps.firewall-profiles', /Get-NetFirewallProfile/],
  ])('%s: the deciding line comes from %s', async (name, source, command) => {
    const deciding = firewallEvidence((await check(name)).report).find((e) => e.kind === 'rule' || e.kind === 'policy');
    expect(deciding?.source).toBe(source);
    expect(deciding?.command).toMatch(command);
  });
});
