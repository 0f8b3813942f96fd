import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { APP_VERSION } from '../app/version';
import { seaRuntime } from '../cli/sea-assets';
import { remoteCommandLine } from './quote';
import { POSIX_WORK_DIR_TEMPLATE, isPosixWorkDir, windowsWorkDirName } from './work-dir-name';
import type { RemoteResult, SshSession } from './ssh-session';

/** The platforms PortDoctor ships a standalone binary for (release/portdoctor-<platform>). */
export type RemotePlatform = 'linux-x64' | 'linux-arm64' | 'win-x64';

/** A portdoctor the server can run, how to run it with privilege, and how to remove what was uploaded. */
export interface RemotePortdoctor {
  platform: RemotePlatform;
  /** The program path on the server. */
  path: string;
  /** Our private folder on the server (0700): the uploaded binary and the reports; removed by cleanup. */
  workDir: string;
  /** Whether it was uploaded by us (removed by cleanup) or already on the server's PATH. */
  uploaded: boolean;
  /** Prefix for commands that need root: [] when we log in as root, ['sudo', '-n'] otherwise (Linux); [] on Windows (no sudo). */
  elevate: string[];
  /**
   * Windows: whether the session holds an elevated administrator token (`whoami /groups` lists the High mandatory
   * level; OpenSSH gives a member of Administrators one). Commands that need it are refused up front when false.
   * null on Linux, where sudo decides.
   */
  administrator: boolean | null;
  /** The client's address as the server sees this SSH connection (SSH_CLIENT), when it says. */
  clientAddress: string | null;
  cleanup(): Promise<void>;
}

/** Progress lines for the person waiting (stderr in the CLI, the wizard in the app). */
export type RemoteProgress = (line: string) => void;

const text = (r: RemoteResult) => r.stdout.toString('utf8').trim();

/** `uname -s` of a POSIX layer on Windows (Git for Windows, MSYS2, Cygwin): a Windows server, not a Linux one. */
const WINDOWS_UNAME = /^(?:MINGW|MSYS|CYGWIN)/i;

/** Whether `ver` (cmd.exe's built-in) or `cmd /c ver` (from PowerShell) printed the Windows version. */
async function answersVer(session: SshSession, shell: 'cmd' | 'powershell'): Promise<boolean> {
  session.shell = shell;
  const ver = await session.run(shell === 'cmd' ? ['ver'] : ['cmd', '/c', 'ver'], { timeoutMs: 15_000 });
  return ver.code === 0 && /windows/i.test(text(ver));
}

/**
 * Which of our binaries the server needs, and which shell runs our commands there (`session.shell` is set):
 * `uname -sm` (Linux), else `ver` (Windows OpenSSH's default shell, cmd.exe), else `cmd /c ver` through
 * PowerShell (the registry's DefaultShell set to powershell.exe or pwsh.exe).
 */
export async function detectRemotePlatform(session: SshSession): Promise<RemotePlatform> {
  session.shell = 'posix';
  const uname = await session.run(['uname', '-sm'], { timeoutMs: 15_000 });
  const [os, machine] = text(uname).split(/\s+/);
  if (uname.code === 0 && !WINDOWS_UNAME.test(os ?? '')) {
    if (os === 'Linux' && (machine === 'x86_64' || machine === 'amd64')) return 'linux-x64';
    if (os === 'Linux' && (machine === 'aarch64' || machine === 'arm64')) return 'linux-arm64';
    throw new Error(`the server runs ${text(uname).slice(0, 60)}: PortDoctor has no binary for it (Linux x86_64/aarch64, Windows x64)`);
  }
  if (await answersVer(session, 'cmd')) return 'win-x64';
  if (await answersVer(session, 'powershell')) return 'win-x64';
  session.shell = 'posix';
  if (uname.code === 0)
    throw new Error(
      `the server's shell is ${text(uname).slice(0, 40)} on Windows: PortDoctor runs its commands through cmd.exe or PowerShell (OpenSSH's DefaultShell), not a POSIX layer`,
    );
  throw new Error("cannot tell the server's system: neither `uname -sm`, `ver` nor PowerShell answered");
}

/** The sha256 in `certutil -hashfile <file> SHA256` output (any language; CRLF; old versions space the bytes), lower case. */
export function parseCertutilSha256(out: string): string | null {
  const line = out
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /^(?:[0-9a-f]{2} ?){32}$/i.test(l));
  return line ? line.replace(/ /g, '').toLowerCase() : null;
}

/** The client's address in `SSH_CLIENT=<address> <port> <port>` (cmd's `set SSH_CLIENT`) or a bare `printenv` line. */
export function parseSshClient(out: string): string | null {
  const value = out
    .split(/\r?\n/)
    .map((l) => l.trim())
    .map((l) => (l.startsWith('SSH_CLIENT=') ? l.slice('SSH_CLIENT='.length) : l))
    .find((l) => l !== '');
  const address = value?.split(/\s+/)[0]?.replace(/^::ffff:/, '') ?? '';
  return isIP(address) !== 0 ? address : null;
}

/** Whether `whoami /groups` lists a High (or System) mandatory level: the Windows session holds an elevated token. */
export function parseWhoamiElevated(out: string): boolean {
  return /S-1-16-(?:12288|16384)\b/.test(out);
}

/** sha256 of a local file, hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The local file to upload for a platform: PORTDOCTOR_REMOTE_BINARY, this very program when it is the
 * standalone binary for that platform, else release/portdoctor-<platform> beside the program or in the checkout.
 */
export async function localBinaryFor(platform: RemotePlatform, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.PORTDOCTOR_REMOTE_BINARY) return resolve(env.PORTDOCTOR_REMOTE_BINARY);
  const name = platform === 'win-x64' ? 'portdoctor-win-x64.exe' : `portdoctor-${platform}`;
  const here = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  if (seaRuntime() && here === platform) return process.execPath;
  const script = process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd();
  const candidates = [
    join(dirname(process.execPath), name),
    join(script, '..', '..', 'release', name),
    join(script, '..', 'release', name),
    join(process.cwd(), 'release', name),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the server needs ${name}: build it with \`npm run release:cli\`, put it next to this program, or set PORTDOCTOR_REMOTE_BINARY`,
    );
  return found;
}

async function existingPortdoctor(session: SshSession): Promise<string | null> {
  try {
    const r = await session.run(['portdoctor', '--version'], { timeoutMs: 15_000 });
    return r.code === 0 && text(r) === APP_VERSION ? 'portdoctor' : null;
  } catch {
    return null;
  }
}

/** SFTP spells a Windows path `/C:/…`; a POSIX path stays as it is. */
export function sftpPath(path: string): string {
  return /^[A-Za-z]:\\/.test(path) ? `/${path.replace(/\\/g, '/')}` : path;
}

/** A private folder on the server for the binary and the reports, removed afterwards. */
async function makeWorkDir(session: SshSession, windows: boolean): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (windows) {
    // Inside the login's profile folder (C:\Users\<name>), whose ACL gives only SYSTEM, Administrators and the user
    // access and is inherited by a new folder: nobody less privileged can swap the binary. Made and removed over
    // SFTP, so no shell built-in (mkdir, rmdir /s) is needed in either cmd.exe or PowerShell.
    const home = await session.realpath('.');
    if (!/^\/[A-Za-z]:\//.test(home))
      throw new Error(`the server's SFTP gave ${JSON.stringify(home.slice(0, 80))} as the login folder: not a Windows path`);
    const dir = `${home.slice(1)}/${windowsWorkDirName()}`.replace(/\//g, '\\');
    // Every later command names this folder: refuse now (clearly) when the shell could not be given it literally.
    remoteCommandLine(session.shell, [`${dir}\\portdoctor.exe`]);
    await session.mkdir(sftpPath(dir)).catch((e: unknown) => {
      throw new Error(`cannot make a folder on the server: ${(e as Error).message.slice(0, 200)}`);
    });
    return { dir, cleanup: async () => void (await session.removeFolder(sftpPath(dir)).catch(() => undefined)) };
  }
  // mktemp -d makes a 0700 folder only this user can enter: nobody else can swap the binary between the check and the run.
  const made = await session.run(['mktemp', '-d', POSIX_WORK_DIR_TEMPLATE], { timeoutMs: 15_000 });
  const dir = text(made);
  if (made.code !== 0 || !isPosixWorkDir(dir))
    throw new Error(`cannot make a private folder on the server: ${made.stderr.toString('utf8').trim().slice(0, 200)}`);
  return { dir, cleanup: async () => void (await session.run(['rm', '-rf', '--', dir], { timeoutMs: 15_000 }).catch(() => undefined)) };
}

/** Upload the binary into the work folder and check its sha256 there before anything runs it. */
async function upload(session: SshSession, local: string, dir: string, windows: boolean, progress: RemoteProgress): Promise<string> {
  const digest = await sha256File(local);
  const path = windows ? `${dir}\\portdoctor.exe` : `${dir}/portdoctor`;
  progress(`uploading portdoctor ${APP_VERSION} to ${dir}…`);
  await session.upload(local, sftpPath(path), 0o700);
  // certutil ships with every Windows; it is a program, so cmd.exe and PowerShell run it alike.
  const sum = windows
    ? await session.run(['certutil', '-hashfile', path, 'SHA256'], { timeoutMs: 60_000 })
    : await session.run(['sha256sum', '--', path], { timeoutMs: 60_000 });
  const out = sum.stdout.toString('utf8');
  const got = (windows ? parseCertutilSha256(out) : out.trim().split(/\s+/)[0]) ?? '';
  if (sum.code !== 0 || got !== digest)
    throw new Error(
      `the uploaded portdoctor does not match (sha256 ${got.slice(0, 16) || 'unreadable'}…, expected ${digest.slice(0, 16)}…): not running it`,
    );
  return path;
}

/** Make sure the same version's portdoctor is on the server (uploaded to a private temp folder if missing, checksum verified). */
export async function ensureRemotePortdoctor(
  session: SshSession,
  progress: RemoteProgress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RemotePortdoctor> {
  // `portdoctor --version` reads the same in both shells: asked while the platform is found out.
  const existingAsked = existingPortdoctor(session);
  const platform = await detectRemotePlatform(session).catch(async (e: unknown) => {
    await existingAsked;
    throw e;
  });
  const windows = platform === 'win-x64';
  // Independent questions, asked at once over the one connection (each is its own SSH channel).
  const making = makeWorkDir(session, windows);
  const [id, ssh, groups, existing] = await Promise.all([
    windows ? null : session.run(['id', '-u'], { timeoutMs: 15_000 }),
    // cmd's `set SSH_CLIENT` lists that variable; run through cmd /c so PowerShell gives the same answer.
    session.run(windows ? ['cmd', '/c', 'set', 'SSH_CLIENT'] : ['printenv', 'SSH_CLIENT'], { timeoutMs: 15_000 }),
    windows ? session.run(['whoami', '/groups'], { timeoutMs: 15_000 }) : null,
    existingAsked,
  ]).catch(async (e: unknown) => {
    // Nothing of ours stays behind when a question fails.
    await making.then(
      (w) => w.cleanup(),
      () => undefined,
    );
    throw e;
  });
  const work = await making;
  const elevate = id && text(id) !== '0' ? ['sudo', '-n'] : [];
  const clientAddress = ssh.code === 0 ? parseSshClient(text(ssh)) : null;
  const administrator = groups ? groups.code === 0 && parseWhoamiElevated(text(groups)) : null;
  let local: string | null;
  try {
    local = existing ? null : await localBinaryFor(platform, env);
  } catch (e) {
    await work.cleanup();
    throw e;
  }
  try {
    const path = local ? await upload(session, local, work.dir, windows, progress) : (existing ?? 'portdoctor');
    return { platform, path, workDir: work.dir, uploaded: local !== null, elevate, administrator, clientAddress, cleanup: work.cleanup };
  } catch (e) {
    await work.cleanup();
    throw e;
  }
}
