import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cutWindowsRecording } from '../../../../../electron/probes/windows/record-cut';
import { decodeBytes } from '../../../../../electron/system/recording';
import type { Bundle, RecordedSource } from '../../../../../shared/bundle/schema';
import { replayChannel as replay, windowsBundles as bundles } from './replay-bundles';

interface Proc {
  ProcessId: number;
  Name: string;
  ExecutablePath: string | null;
  CommandLine: string | null;
}
interface Sock {
  LocalAddress: string;
  LocalPort: number;
  RemoteAddress?: string;
  RemotePort?: number;
  State?: number;
  OwningProcess: number | null;
}

const json = <T>(b: Bundle, id: string): T[] =>
  (b.sources[id]?.stdout?.encoding === 'utf8' ? (JSON.parse(b.sources[id]?.stdout?.data ?? '[]') as T | T[]) : []) as T[];
const list = <T>(v: T[] | T): T[] => (Array.isArray(v) ? v : [v]);
const text = (argv: string[], out: string | Buffer): RecordedSource => ({
  argv,
  stdout: typeof out === 'string' ? { encoding: 'utf8', data: out } : { encoding: 'base64', data: out.toString('base64') },
  stderr: { encoding: 'utf8', data: '' },
  exitCode: 0,
});
const endpoint = (a: string, p: number | string): string => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
const STATES: Record<number, string> = { 2: 'LISTENING', 5: 'ESTABLISHED', 11: 'TIME_WAIT' };

/**
 * The bundle as collect records it on a host where PowerShell cannot run: the windows.ps.* sources fail, and
 * `netstat -ano` / `tasklist /svc` (built from the bundle's own sockets, processes and services, in their real
 * layouts) stand in. Every process is a tasklist row, owner or not, as tasklist prints them.
 */
function withoutPowerShell(b: Bundle): Bundle {
  const sources = { ...b.sources };
  const tcp = [...list(json<Sock>(b, 'windows.ps.tcp-listeners')), ...list(json<Sock>(b, 'windows.ps.tcp-connections'))];
  const udp = list(json<Sock>(b, 'windows.ps.udp-endpoints'));
  const rows = [
    ...tcp.map(
      (s) =>
        `  TCP    ${endpoint(s.LocalAddress, s.LocalPort)}    ${endpoint(s.RemoteAddress ?? '0.0.0.0', s.RemotePort ?? 0)}    ${STATES[s.State ?? 2] ?? 'LISTENING'}    ${s.OwningProcess ?? 0}`,
    ),
    ...udp.map((s) => `  UDP    ${endpoint(s.LocalAddress, s.LocalPort)}    *:*    ${s.OwningProcess ?? 0}`),
  ];
  const services = list(json<{ ProcessId: number; Name: string }>(b, 'windows.ps.services'));
  const tasks = list(json<Proc>(b, 'windows.ps.processes')).map((p) => {
    const svc = services.filter((s) => s.ProcessId === p.ProcessId).map((s) => s.Name);
    return `"${p.Name}","${p.ProcessId}","${svc.length ? svc.join(',') : 'N/A'}"`;
  });
  for (const id of Object.keys(sources))
    if (id.startsWith('windows.ps.'))
      sources[id] = { argv: ['powershell.exe'], error: { reason: 'not-installed', detail: 'powershell.exe not found' } };
  sources['windows.netstat.ano'] = text(
    ['netstat.exe', '-ano'],
    ['', 'Active Connections', '', '  Proto  Local Address          Foreign Address        State           PID', ...rows, ''].join('\r\n'),
  );
  sources['windows.tasklist.svc'] = text(['tasklist.exe', '/svc', '/fo', 'csv', '/nh'], [...tasks, ''].join('\r\n'));
  return { ...b, sources };
}

/** The bundle as recorded on a zh-CN host (OEM code page 936): Win32_Process in GBK, with Chinese names and arguments. */
function inGbk(b: Bundle): Bundle {
  const procs = list(json<Proc>(b, 'windows.ps.processes'));
  if (procs.length === 0) return b;
  const owner = new Set(list(json<Sock>(b, 'windows.ps.tcp-listeners')).map((s) => s.OwningProcess));
  const changed = procs.map((p) => (owner.has(p.ProcessId) && p.CommandLine ? { ...p, CommandLine: `${p.CommandLine} --标签 服务` } : p));
  changed.push({
    ProcessId: 7777,
    Name: '备份.exe',
    ExecutablePath: 'C:\\工具\\备份.exe',
    CommandLine: 'C:\\工具\\备份.exe --密码 秘密123',
  });
  const oem = b.sources['windows.reg.oemcp'];
  return {
    ...b,
    sources: {
      ...b.sources,
      ...(oem?.stdout
        ? { 'windows.reg.oemcp': { ...oem, stdout: { encoding: 'utf8', data: oem.stdout.data.replace(/REG_SZ\s+\d+/, 'REG_SZ    936') } } }
        : {}),
      'windows.ps.processes': text(['powershell.exe'], iconv.encode(`${JSON.stringify(changed)}\r\n`, 'cp936')),
    },
  };
}

const cutOf = (b: Bundle): Bundle => {
  const cut: Bundle = { ...b, sources: { ...b.sources } };
  cutWindowsRecording(cut.sources);
  return cut;
};
const stdoutText = (b: Bundle, id: string, cp: string): string => iconv.decode(decodeBytes(b.sources[id]?.stdout), cp);

describe('Windows tasklist and OEM-encoded process lists are cut to the owners (issue 11 item 9)', () => {
  it('without PowerShell: the check judges every recorded bundle the same cut or whole, and tasklist loses the other rows', async () => {
    let rowsRemoved = 0;
    let named = 0;
    for (const { file, bundle } of bundles) {
      const whole = withoutPowerShell(bundle);
      const cut = cutOf(whole);
      rowsRemoved +=
        stdoutText(whole, 'windows.tasklist.svc', 'cp437').split('\n').length -
        stdoutText(cut, 'windows.tasklist.svc', 'cp437').split('\n').length;
      const port = bundle.target?.port ?? 80;
      const protocol = bundle.target?.protocol ?? 'tcp';
      const judged = await replay(whole, 'diagnose:check-port', { port, protocol });
      if (/"name":"[^"]+\.exe"/.test(JSON.stringify(judged))) named++;
      expect(await replay(cut, 'diagnose:check-port', { port, protocol }), file).toEqual(judged);
      expect(await replay(cut, 'ports:list', { owners: true }), file).toEqual(await replay(whole, 'ports:list', { owners: true }));
    }
    // Not vacuous: the checks named owners from tasklist, and rows of processes that own no socket went.
    expect(named).toBeGreaterThan(0);
    expect(rowsRemoved).toBeGreaterThan(0);
  });

  it('a cut tasklist keeps exactly the owners’ rows (and every line that is no row), byte for byte, in the OEM code page', () => {
    const ok = bundles.find((x) => x.file === 'ok.portdoctor.json')?.bundle;
    if (!ok) throw new Error('ok.portdoctor.json missing');
    const whole = withoutPowerShell(ok);
    const lines = [
      '',
      '"System","4","N/A"',
      '"svchost.exe","912","RpcSs,RpcEptMapper"',
      '"服务器.exe","6120","N/A"',
      '"备份.exe","7777","N/A"',
      '"svchost.exe","2964","iphlpsvc"',
      'INFO: 行',
      '',
    ];
    const bytes = iconv.encode(lines.join('\r\n'), 'cp936');
    whole.sources['windows.reg.oemcp'] = text(['reg.exe'], '\r\n    OEMCP    REG_SZ    936\r\n');
    whole.sources['windows.tasklist.svc'] = text(['tasklist.exe'], bytes);
    const cut = cutOf(whole);
    // Owners in the netstat table: 912 (135), 4 (445), 6120 (8080); 2964 and 7777 own no socket.
    expect(stdoutText(cut, 'windows.tasklist.svc', 'cp936').split('\r\n')).toEqual([
      '',
      '"System","4","N/A"',
      '"svchost.exe","912","RpcSs,RpcEptMapper"',
      '"服务器.exe","6120","N/A"',
      'INFO: 行',
      '',
    ]);
    expect(
      decodeBytes(cut.sources['windows.tasklist.svc']?.stdout).equals(
        iconv.encode(
          ['', '"System","4","N/A"', '"svchost.exe","912","RpcSs,RpcEptMapper"', '"服务器.exe","6120","N/A"', 'INFO: 行', ''].join('\r\n'),
          'cp936',
        ),
      ),
    ).toBe(true);
  });

  it('a process list PowerShell wrote in GBK: cut like the UTF-8 one, every recorded bundle judged the same', async () => {
    let checked = 0;
    for (const { file, bundle } of bundles) {
      const whole = inGbk(bundle);
      if (whole === bundle) continue;
      const cut = cutOf(whole);
      const after = JSON.parse(stdoutText(cut, 'windows.ps.processes', 'cp936')) as Proc[];
      const before = JSON.parse(stdoutText(whole, 'windows.ps.processes', 'cp936')) as Proc[];
      expect(
        after.map((p) => [p.ProcessId, p.Name, p.ExecutablePath]),
        file,
      ).toEqual(before.map((p) => [p.ProcessId, p.Name, p.ExecutablePath]));
      expect(after.find((p) => p.ProcessId === 7777)?.CommandLine, file).toBeNull();
      expect(JSON.stringify(after), file).not.toMatch(/秘密/);
      const port = bundle.target?.port ?? 80;
      const protocol = bundle.target?.protocol ?? 'tcp';
      expect(await replay(cut, 'ports:list', { owners: true }), file).toEqual(await replay(whole, 'ports:list', { owners: true }));
      expect(await replay(cut, 'diagnose:check-port', { port, protocol }), file).toEqual(
        await replay(whole, 'diagnose:check-port', { port, protocol }),
      );
      // Owners keep their command lines, Chinese arguments included.
      if (after.some((p) => p.CommandLine?.includes('--标签 服务'))) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
