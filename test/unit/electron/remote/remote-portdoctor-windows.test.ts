import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { remoteCommandLine } from '../../../../electron/remote/quote';
import {
  ensureRemotePortdoctor,
  parseCertutilSha256,
  parseSshClient,
  parseWhoamiElevated,
} from '../../../../electron/remote/remote-portdoctor';
import { runRemoteJson } from '../../../../electron/remote/remote-run';
import type { RemoteResult, SshSession } from '../../../../electron/remote/ssh-session';
import { cmdRuns, powershellNativeLine, powershellValues, crtSplit } from './windows-shells';

const CRLF = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');
const ok = (stdout: Buffer | string): RemoteResult => ({ code: 0, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0) });
const fail = (stderr: string): RemoteResult => ({ code: 1, stdout: Buffer.alloc(0), stderr: Buffer.from(stderr) });

const ELEVATED_GROUPS = [
  'GROUP INFORMATION',
  '-----------------',
  'BUILTIN\\Administrators  Alias  S-1-5-32-544  Mandatory group, Enabled by default, Enabled group, Group owner',
  'Mandatory Label\\High Mandatory Level  Label  S-1-16-12288',
];
const FILTERED_GROUPS = [
  'BUILTIN\\Users  Alias  S-1-5-32-545  Mandatory group',
  'Mandatory Label\\Medium Mandatory Level  Label  S-1-16-8192',
];

/**
 * A Windows OpenSSH server as far as PortDoctor sees it: each command line is split the way its shell would
 * (cmd.exe + the C runtime, or PowerShell's literals), SFTP paths are `/C:/…`, files live in a map.
 */
function fakeWindows(opts: { shell: 'cmd' | 'powershell'; home?: string; admin?: boolean; tamper?: boolean }) {
  const files = new Map<string, Buffer>();
  const folders = new Set<string>();
  const lines: string[] = [];
  const home = opts.home ?? '/C:/Users/Jo Smith';
  const session: SshSession = {
    target: { user: 'jo', host: 'winbox', port: 22 },
    hostKey: { keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', blob: Buffer.alloc(0), newlyAccepted: false },
    shell: 'posix',
    async run(argv) {
      const line = remoteCommandLine(session.shell, argv);
      lines.push(line);
      let args: string[] | null;
      if (opts.shell === 'cmd') args = cmdRuns(line);
      else {
        // PowerShell runs only `& 'prog' …`; a bare word line is a command name plus arguments too.
        const values = line.startsWith('& ') ? powershellValues(line) : line.split(' ');
        args = values && crtSplit(powershellNativeLine(values));
      }
      if (!args) return fail('parse error');
      const [prog, ...rest] = args;
      const joined = rest.join(' ');
      if (prog === 'ver')
        return opts.shell === 'cmd'
          ? ok(CRLF(['', 'Microsoft Windows [Version 10.0.20348.2340]']))
          : fail("ver : The term 'ver' is not recognized");
      if (prog === 'cmd' && joined === '/c ver') return ok(CRLF(['', 'Microsoft Windows [Version 10.0.20348.2340]']));
      if (prog === 'cmd' && joined === '/c set SSH_CLIENT') return ok(CRLF(['SSH_CLIENT=203.0.113.7 50522 22']));
      if (prog === 'whoami' && joined === '/groups') return ok(CRLF(opts.admin === false ? FILTERED_GROUPS : ELEVATED_GROUPS));
      if (prog === 'certutil' && rest[0] === '-hashfile' && rest[2] === 'SHA256') {
        const data = files.get(`/${(rest[1] ?? '').replace(/\\/g, '/')}`);
        if (!data) return fail('CertUtil: -hashfile command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)');
        const hex = createHash('sha256')
          .update(opts.tamper ? Buffer.concat([data, Buffer.from('x')]) : data)
          .digest('hex');
        return ok(CRLF([`SHA256 hash of ${rest[1]}:`, hex, 'CertUtil: -hashfile command completed successfully.']));
      }
      if (prog?.endsWith('\\portdoctor.exe') && files.has(`/${prog.replace(/\\/g, '/')}`))
        return ok('{"schema":"t","args":' + JSON.stringify(rest) + '}');
      return fail(`'${prog}' is not recognized as an internal or external command`);
    },
    async upload(local, remote) {
      if (!folders.has(remote.slice(0, remote.lastIndexOf('/')))) throw new Error('No such file');
      files.set(remote, readFileSync(local));
    },
    async writeFile(remote, text) {
      files.set(remote, Buffer.from(text));
    },
    async realpath() {
      return home;
    },
    async mkdir(remote) {
      if (folders.has(remote)) throw new Error('Failure');
      folders.add(remote);
    },
    async removeFolder(remote) {
      for (const f of [...files.keys()]) if (f.startsWith(`${remote}/`)) files.delete(f);
      folders.delete(remote);
    },
    close: () => undefined,
  };
  return { session, files, folders, lines };
}

const dir = mkdtempSync(join(tmpdir(), 'pd-winssh-'));
const binary = join(dir, 'portdoctor-win-x64.exe');
writeFileSync(binary, 'MZ fake portdoctor for the test');
const env = { PORTDOCTOR_REMOTE_BINARY: binary };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Windows OpenSSH server (cmd.exe, the default shell)', () => {
  it('is detected, gets the exe in a new folder in the profile over SFTP, checked with certutil, and the folder goes afterwards', async () => {
    const w = fakeWindows({ shell: 'cmd' });
    const progress: string[] = [];
    const pd = await ensureRemotePortdoctor(w.session, (l) => progress.push(l), env);
    expect(pd.platform).toBe('win-x64');
    expect(w.session.shell).toBe('cmd');
    expect(pd.workDir).toMatch(/^C:\\Users\\Jo Smith\\\.portdoctor-[0-9a-f]{12}$/);
    expect(pd.path).toBe(`${pd.workDir}\\portdoctor.exe`);
    expect(pd.uploaded).toBe(true);
    expect(pd.elevate).toEqual([]);
    expect(pd.administrator).toBe(true);
    expect(pd.clientAddress).toBe('203.0.113.7');
    const sftpDir = `/${pd.workDir.replace(/\\/g, '/')}`;
    expect([...w.folders]).toEqual([sftpDir]);
    expect(w.files.get(`${sftpDir}/portdoctor.exe`)?.toString()).toBe('MZ fake portdoctor for the test');
    expect(w.lines).toContain(`certutil -hashfile "${pd.workDir}\\portdoctor.exe" SHA256`);
    // No shell built-in touched the folder (mkdir / rmdir /s differ between cmd.exe and PowerShell).
    expect(w.lines.some((l) => /^(mkdir|rmdir|rd|del)\b/.test(l))).toBe(false);
    const r = await runRemoteJson(
      w.session,
      pd,
      ['check', '8080', '--source', '203.0.113.7'],
      z.object({ args: z.array(z.string()) }).passthrough(),
      { elevated: true },
    );
    expect(r.ok && r.value.args).toEqual(['check', '8080', '--source', '203.0.113.7', '--json']);
    await pd.cleanup();
    expect(w.folders.size).toBe(0);
    expect(w.files.size).toBe(0);
  });

  it('refuses to run an upload whose certutil sum differs, and removes the folder', async () => {
    const w = fakeWindows({ shell: 'cmd', tamper: true });
    await expect(ensureRemotePortdoctor(w.session, () => undefined, env)).rejects.toThrow(/does not match.*not running it/);
    expect(w.folders.size).toBe(0);
    expect(w.lines.some((l) => l.includes('portdoctor.exe check'))).toBe(false);
  });

  it('a login without an elevated token: nothing that needs one is run, and the answer says why (no sudo on Windows)', async () => {
    const w = fakeWindows({ shell: 'cmd', admin: false });
    const pd = await ensureRemotePortdoctor(w.session, () => undefined, env);
    expect(pd.administrator).toBe(false);
    const before = w.lines.length;
    const r = await runRemoteJson(w.session, pd, ['fix', '8080', '--yes'], z.unknown(), { elevated: true });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/no elevated administrator token.*nothing was run.*Administrators/);
    expect(!r.ok && r.sudoRefused).toBe(true);
    expect(w.lines.length).toBe(before);
    await pd.cleanup();
  });

  it('a profile folder cmd.exe cannot be given literally is refused before anything is made', async () => {
    const w = fakeWindows({ shell: 'cmd', home: '/C:/Users/100%' });
    await expect(ensureRemotePortdoctor(w.session, () => undefined, env)).rejects.toThrow(/refusing/);
    expect(w.folders.size).toBe(0);
  });
});

describe('a Windows OpenSSH server with PowerShell as DefaultShell', () => {
  it('is detected through cmd /c ver, and every command goes as & with single-quoted literals', async () => {
    const w = fakeWindows({ shell: 'powershell' });
    const pd = await ensureRemotePortdoctor(w.session, () => undefined, env);
    expect(w.session.shell).toBe('powershell');
    expect(pd.platform).toBe('win-x64');
    expect(pd.administrator).toBe(true);
    expect(pd.clientAddress).toBe('203.0.113.7');
    expect(w.lines).toContain(`& 'certutil' '-hashfile' '${pd.workDir}\\portdoctor.exe' 'SHA256'`);
    const r = await runRemoteJson(
      w.session,
      pd,
      ['diagnose', '8080', '--check-report', `${pd.workDir}\\check.json`],
      z.object({ args: z.array(z.string()) }).passthrough(),
      { elevated: true },
    );
    expect(r.ok && r.value.args).toEqual(['diagnose', '8080', '--check-report', `${pd.workDir}\\check.json`, '--json']);
    await pd.cleanup();
    expect(w.folders.size).toBe(0);
  });
});

describe('parsing what Windows prints', () => {
  it('certutil: CRLF, localized first line, old spaced bytes', () => {
    const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(
      parseCertutilSha256(`SHA256-Hash von C:\\x:\r\n${hex.toUpperCase()}\r\nCertUtil: -hashfile-Befehl wurde erfolgreich ausgeführt.\r\n`),
    ).toBe(hex);
    expect(parseCertutilSha256(`SHA256 hash of file C:\\x:\r\n${hex.match(/../g)?.join(' ')}\r\n`)).toBe(hex);
    expect(parseCertutilSha256('CertUtil: -hashfile command FAILED: 0x80070002\r\n')).toBeNull();
    expect(parseCertutilSha256(`${hex}0\r\n`)).toBeNull();
  });

  it('SSH_CLIENT from cmd set or printenv; anything not an address is dropped', () => {
    expect(parseSshClient('SSH_CLIENT=203.0.113.7 50522 22\r\n')).toBe('203.0.113.7');
    expect(parseSshClient('::ffff:10.0.0.2 40000 22\n')).toBe('10.0.0.2');
    expect(parseSshClient('2001:db8::5 40000 22\n')).toBe('2001:db8::5');
    expect(parseSshClient('Environment variable SSH_CLIENT not defined\r\n')).toBeNull();
    expect(parseSshClient('')).toBeNull();
  });

  it('whoami /groups: High or System mandatory level is elevated; Medium is not', () => {
    expect(parseWhoamiElevated(ELEVATED_GROUPS.join('\r\n'))).toBe(true);
    expect(parseWhoamiElevated(FILTERED_GROUPS.join('\r\n'))).toBe(false);
    expect(parseWhoamiElevated('Mandatory Label\\System Mandatory Level Label S-1-16-16384')).toBe(true);
    expect(parseWhoamiElevated('S-1-16-122880')).toBe(false);
  });
});
