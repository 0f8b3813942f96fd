import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readWindowsCheckFacts } from '../../../../../electron/probes/windows/check-facts';
import { judgeCheckFacts } from '../../../../../shared/diagnose/judge-facts';
import { decodeBytes } from '../../../../../electron/system/recording';
import { parseBundleText } from '../../../../../shared/bundle/schema';
import type { CheckFacts } from '../../../../../shared/diagnose/facts';
import { FakeRunner, fixture } from './fake-runner';
import type { FakeAnswer } from './fake-runner';

const PS = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'];
const script = (start: string) => expect.stringMatching(new RegExp(`^${start.replace(/[()$|.]/g, '\\$&')}`));

/** The exact argv of every source the check reads (the three netsh ids are contract). */
const ARGV: Record<string, unknown[]> = {
  'windows.reg.oemcp': ['reg.exe', 'query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', '/v', 'OEMCP'],
  'windows.whoami.groups': ['whoami.exe', '/groups'],
  'windows.netsh.excludedportrange.tcp': ['netsh.exe', 'interface', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp'],
  'windows.netsh.excludedportrange.tcp6': ['netsh.exe', 'interface', 'ipv6', 'show', 'excludedportrange', 'protocol=tcp'],
  'windows.netsh.dynamicport.tcp': ['netsh.exe', 'interface', 'ipv4', 'show', 'dynamicport', 'tcp'],
  'windows.netsh.portproxy': ['netsh.exe', 'interface', 'portproxy', 'show', 'all'],
  'windows.netsh.http.servicestate': ['netsh.exe', 'http', 'show', 'servicestate', 'view=requestq'],
  'windows.netsh.http.urlacl': ['netsh.exe', 'http', 'show', 'urlacl'],
  'windows.ps.tcp-listeners': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetTCPConnection -State Listen')],
  'windows.ps.processes': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-CimInstance -ClassName Win32_Process')],
  'windows.ps.services': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-CimInstance -ClassName Win32_Service')],
  'windows.ps.ip-addresses': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetIPAddress')],
  'windows.ps.connection-profiles': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetConnectionProfile')],
  'windows.ps.adapters': [...PS, script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetAdapter')],
  'windows.ps.firewall-profiles': [
    ...PS,
    script('ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetFirewallProfile -PolicyStore ActiveStore'),
  ],
  'windows.ps.firewall-rules': [
    ...PS,
    script("$s='ActiveStore'; $r=@(Get-NetFirewallRule -PolicyStore $s -TracePolicyStore -Direction Inbound)"),
  ],
  // Issue 16 item 12: registered security products always; drop events when Windows Firewall lets the SYN in.
  'windows.ps.security-products': [
    ...PS,
    script("ConvertTo-Json -Depth 4 -Compress -InputObject @(foreach($c in 'FirewallProduct','AntiVirusProduct')"),
  ],
  'windows.ps.wfp-drops': [
    ...PS,
    script("ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-WinEvent -FilterHashtable @{LogName='Security';Id=5152,5157;"),
  ],
};

/** A scenario bundle's recorded outputs as fake-runner answers, with the argv this test expects. */
function answersFrom(name: string): Record<string, FakeAnswer> {
  const parsed = parseBundleText(
    readFileSync(join(import.meta.dirname, `../../../../fixtures/windows-bundles/${name}.portdoctor.json`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  const answers: Record<string, FakeAnswer> = {};
  for (const [id, e] of Object.entries(parsed.bundle.sources))
    answers[id] = { argv: ARGV[id] as string[], stdout: decodeBytes(e.stdout), stderr: decodeBytes(e.stderr) };
  return answers;
}

/** Read, then judge (the engine's firewall verdict), as the check does. */
const read = async (answers: Record<string, FakeAnswer>, port: number) =>
  judgeCheckFacts(await readWindowsCheckFacts(new FakeRunner(answers), { port, protocol: 'tcp' }));
const decision = (f: CheckFacts) => (f.firewall.kind === 'ok' ? f.firewall.data.verdict?.decision : f.firewall.reason);

describe('readWindowsCheckFacts runs exactly the documented commands', () => {
  it('calls every source with its exact argv (no shell strings) and reads nothing else', async () => {
    const runner = new FakeRunner(answersFrom('port-in-use-iis'));
    const facts = await readWindowsCheckFacts(runner, { port: 80, protocol: 'tcp' });
    expect(runner.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['netsh.exe', 'powershell.exe', 'reg.exe', 'whoami.exe']));
    expect(runner.calls).toHaveLength(Object.keys(ARGV).length);
    expect(facts.listeners.kind === 'ok' && facts.listeners.data.map((s) => [s.owner?.service, s.owner?.command])).toEqual([
      ['http.sys', 'http.sys request queue DefaultAppPool (workers: w3wp.exe 7020): HTTP://*:80/'],
      ['http.sys', 'http.sys request queue DefaultAppPool (workers: w3wp.exe 7020): HTTP://*:80/'],
    ]);
  });

  it('does not ask http.sys when PID 4 does not hold the port', async () => {
    const runner = new FakeRunner(answersFrom('ok'));
    await readWindowsCheckFacts(runner, { port: 8080, protocol: 'tcp' });
    expect(runner.calls.some((c) => c.includes('http'))).toBe(false);
  });
});

describe('bad input: parsed right or reported unknown with the reason, never a crash or a guessed pass', () => {
  it('PowerShell missing: sockets and firewall are not-installed with the command; netsh reservations still read', async () => {
    const answers = Object.fromEntries(Object.entries(answersFrom('ok')).filter(([id]) => !id.startsWith('windows.ps.')));
    const facts = await read(answers, 8080);
    expect(facts.listeners).toMatchObject({
      kind: 'unavailable',
      reason: 'not-installed',
      command: expect.stringContaining('powershell.exe -NoProfile'),
    });
    expect(facts.firewall).toMatchObject({ kind: 'unavailable', reason: 'not-installed' });
    expect(facts.reservations?.kind).toBe('ok');
  });

  it('PowerShell missing: listeners come from netstat -ano and tasklist /svc (real en-US netstat capture)', async () => {
    const answers = Object.fromEntries(Object.entries(answersFrom('ok')).filter(([id]) => !id.startsWith('windows.ps.')));
    answers['windows.netstat.ano'] = { argv: ['netstat.exe', '-ano'], stdout: fixture('netstat-ano.en-US.txt') };
    answers['windows.tasklist.svc'] = {
      argv: ['tasklist.exe', '/svc', '/fo', 'csv', '/nh'],
      stdout: '"System","4","N/A"\r\n"svchost.exe","896","RpcEptMapper, RpcSs"\r\n',
    };
    const at135 = await read(answers, 135);
    expect(at135.listeners).toEqual({
      kind: 'ok',
      data: [
        expect.objectContaining({
          localAddress: '0.0.0.0',
          localPort: 135,
          owner: { pid: 896, name: 'svchost.exe', service: 'RpcEptMapper,RpcSs' },
        }),
      ],
    });
    expect(at135.privilege?.skipped.join(' ')).toMatch(/netstat -ano because PowerShell could not .*program paths are unknown/);
    const at80 = await read(answers, 80);
    expect(at80.listeners.kind === 'ok' && at80.listeners.data[0]?.owner).toMatchObject({ pid: 4, name: 'System' });
  });

  it('ConstrainedLanguage mode: says so', async () => {
    const answers = answersFrom('ok');
    answers['windows.ps.firewall-profiles'] = {
      argv: ARGV['windows.ps.firewall-profiles'] as string[],
      stdout: '',
      stderr:
        'Cannot create type. Only core types are supported in this language mode.\r\n    + FullyQualifiedErrorId : CannotCreateTypeConstrainedLanguage\r\n',
      exitCode: 1,
    };
    const facts = await read(answers, 8080);
    expect(facts.firewall).toMatchObject({
      kind: 'unavailable',
      reason: 'unparseable',
      detail: expect.stringMatching(/ConstrainedLanguage/),
    });
  });

  it('truncated rules JSON: the verdict is unknown with the reason, not accept', async () => {
    const answers = answersFrom('ok');
    const rules = answers['windows.ps.firewall-rules'] as FakeAnswer;
    rules.stdout = (rules.stdout as Buffer).subarray(0, 700);
    const facts = await read(answers, 8080);
    expect(decision(facts)).toBe('unknown');
    expect(facts.firewall.kind === 'ok' && facts.firewall.data.verdict?.unknownReason).toMatch(/rules could not be read .*cut short/);
  });

  it('PowerShell missing: netsh advfirewall still reads the real profile output, and ON + BlockInbound without rules stays unknown', async () => {
    const answers = Object.fromEntries(Object.entries(answersFrom('ok')).filter(([id]) => !id.startsWith('windows.ps.')));
    // netsh writes the zh-CN text in GBK, and the registry says code page 936.
    answers['windows.netsh.advfirewall.allprofiles'] = {
      argv: ['netsh.exe', 'advfirewall', 'show', 'allprofiles'],
      stdout: iconv.encode(fixture('advfirewall-allprofiles.zh-CN.utf8.txt').toString('utf8'), 'cp936'),
    };
    (answers['windows.reg.oemcp'] as FakeAnswer).stdout =
      '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage\r\n    OEMCP    REG_SZ    936\r\n\r\n';
    const facts = await read(answers, 8080);
    expect(decision(facts)).toBe('unknown');
    expect(facts.firewall.kind === 'ok' && facts.firewall.data.verdict?.unknownReason).toMatch(
      /rules could not be read .*powershell\.exe is not available/,
    );
  });

  it('PowerShell missing and the firewall off in every profile: accept is certain without the rules', async () => {
    const answers = Object.fromEntries(Object.entries(answersFrom('ok')).filter(([id]) => !id.startsWith('windows.ps.')));
    const one = fixture('advfirewall-allprofiles.en-US.partial.txt').toString('utf8').replace('ON\r\n', 'OFF\r\n');
    const all = ['Domain', 'Private', 'Public'].map((p) => one.replace('Private Profile', `${p} Profile`)).join('\r\n');
    answers['windows.netsh.advfirewall.allprofiles'] = { argv: ['netsh.exe', 'advfirewall', 'show', 'allprofiles'], stdout: all };
    const facts = await read(answers, 8080);
    expect(facts.firewall).toMatchObject({ kind: 'ok', data: { verdict: { decision: 'accept', policy: { policy: 'firewall off' } } } });
  });

  it('UTF-16LE with a BOM, a UTF-8 BOM and a bare single object decode to the same verdict', async () => {
    const answers = answersFrom('firewall-block-beats-allow');
    const rules = answers['windows.ps.firewall-rules'] as FakeAnswer;
    rules.stdout = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from((rules.stdout as Buffer).toString('utf8'), 'utf16le')]);
    const prof = answers['windows.ps.connection-profiles'] as FakeAnswer;
    const one = JSON.parse((prof.stdout as Buffer).toString('utf8'))[0];
    prof.stdout = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(one))]);
    const facts = await read(answers, 8080);
    expect(facts.firewall).toMatchObject({
      kind: 'ok',
      data: { verdict: { decision: 'drop', rule: { name: '{Block-non-standard-web-ports}' } } },
    });
  });

  it('a netsh output in a layout never seen before: reservations unknown with the reason', async () => {
    const answers = answersFrom('ok');
    (answers['windows.netsh.excludedportrange.tcp'] as FakeAnswer).stdout = 'Le protocole tcp n\u2019a pas de plages exclues.\r\n';
    expect((await read(answers, 8080)).reservations).toMatchObject({
      kind: 'unavailable',
      reason: 'unparseable',
      detail: expect.stringMatching(/no table/),
    });
  });

  it('a rule with an unknown enum value makes an accept unknown (it might be a block rule)', async () => {
    const answers = answersFrom('ok');
    const rules = answers['windows.ps.firewall-rules'] as FakeAnswer;
    const list = JSON.parse((rules.stdout as Buffer).toString('utf8'));
    list.push({ ...list[list.length - 1], Name: 'odd', Action: 9 });
    rules.stdout = JSON.stringify(list);
    const facts = await read(answers, 8080);
    expect(decision(facts)).toBe('unknown');
    expect(facts.firewall.kind === 'ok' && facts.firewall.data.verdict?.unknownReason).toMatch(/could not be read and may decide/);
  });

  it('not elevated: program paths hidden, the program rule stays unknown, and the skipped part is named', async () => {
    const answers = answersFrom('firewall-program-path');
    (answers['windows.whoami.groups'] as FakeAnswer).stdout = 'Mandatory Label\\Medium Mandatory Level Label S-1-16-8192\r\n';
    const procs = answers['windows.ps.processes'] as FakeAnswer;
    procs.stdout = JSON.stringify(
      JSON.parse((procs.stdout as Buffer).toString('utf8')).map((p: object) => ({ ...p, ExecutablePath: null, CommandLine: null })),
    );
    const facts = await read(answers, 8080);
    expect(facts.privilege?.elevated).toBe(false);
    expect(facts.privilege?.skipped.join(' ')).toMatch(/Win32_Process/);
    expect(decision(facts)).toBe('unknown');
  });

  it('GBK console output is decoded with the recorded OEM code page, not as UTF-8', async () => {
    const facts = await read(answersFrom('port-excluded-dynamic.zh-CN'), 49710);
    expect(facts.firewall.kind === 'ok' && facts.firewall.data.verdict?.rule?.text).toContain('"开发服务器 49710"');
  });
});

describe('loopback connect (live only)', () => {
  it('connects to 127.0.0.1 on the port when a listener is reported; a replay connects to nothing', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const answers = answersFrom('ok');
      const tcp = answers['windows.ps.tcp-listeners'] as FakeAnswer;
      tcp.stdout = JSON.stringify([
        { LocalAddress: '127.0.0.1', LocalPort: port, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 2, OwningProcess: 6120 },
      ]);
      const live = await readWindowsCheckFacts(new FakeRunner(answers, 'live'), { port, protocol: 'tcp' });
      expect(live.localConnect).toMatchObject({ kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'ok' }, { address: '::1' }] });
      const replayed = await readWindowsCheckFacts(new FakeRunner(answers), { port, protocol: 'tcp' });
      expect(replayed.localConnect).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('without --source', () => {
  it('names the local subnet when only LocalSubnet clients are let in', async () => {
    const answers = answersFrom('ok');
    const rules = answers['windows.ps.firewall-rules'] as FakeAnswer;
    rules.stdout = JSON.stringify(
      JSON.parse((rules.stdout as Buffer).toString('utf8')).map((r: { DisplayName: string }) =>
        r.DisplayName === 'Web App 8080' ? { ...r, RemoteAddress: 'LocalSubnet' } : r,
      ),
    );
    const facts = await read(answers, 8080);
    expect(facts.firewall).toMatchObject({
      kind: 'ok',
      data: { evaluatedSource: '203.0.113.10', allowedSources: ['192.168.1.0/24'], verdict: { decision: 'drop' } },
    });
  });
});
