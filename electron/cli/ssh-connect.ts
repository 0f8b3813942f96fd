import { mkdir, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { knownHostsLine } from '../remote/known-hosts';
import { ensureRemotePortdoctor } from '../remote/remote-portdoctor';
import type { RemotePortdoctor } from '../remote/remote-portdoctor';
import { openSsh, parseSshTarget, SshRefusal } from '../remote/ssh-session';
import type { SshSession, SshTarget } from '../remote/ssh-session';
import { appendFileSafely, WriteRefused } from '../system/safe-write';
import { printError } from './output';
import type { CliIo } from './output';

/** The --ssh options, shared by `diagnose` and `fix`. */
export interface SshCliOptions {
  ssh?: SshTarget;
  identity?: string[];
  knownHosts?: string;
  json?: boolean;
}

/** `[user@]host[:port]` from the command line. */
export function parseSshArg(text: string): SshTarget {
  const t = parseSshTarget(text, userInfo().username);
  if (!t) throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not [user@]host[:port]`);
  return t;
}

/** Add --ssh, --identity and --known-hosts to a command. */
export function withSsh(command: Command): Command {
  return command
    .addOption(new Option('--ssh <[user@]host[:port]>', 'act on this server over SSH (the client side runs here)').argParser(parseSshArg))
    .addOption(new Option('--identity <file>', 'SSH private key to offer (repeatable; default: the SSH agent and ~/.ssh/id_*)').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .addOption(new Option('--known-hosts <file>', 'known_hosts to check the server key against (default ~/.ssh/known_hosts)'));
}

/** On a terminal: show the fingerprint and ask once. Without one: refuse (nothing may be trusted silently). */
async function askUnknownKey(io: CliIo, info: { host: string; port: number; keyType: string; fingerprint: string }, file: string): Promise<boolean> {
  const what = `the host key of ${info.host}${info.port === 22 ? '' : `:${info.port}`} is not in ${file}: ${info.keyType} ${info.fingerprint}`;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    io.err(`portdoctor: ${what}. Check it with the server's admin, then connect once with ssh (or ssh-keyscan into ${file}) and run again.`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${what}\nIs this the server's key? Trust it and continue (yes/no)? `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * Open the SSH session and make sure the server has this version's portdoctor, run `fn`, then remove what
 * was uploaded and close. Errors are one line and exit 2; a changed host key never gets past the handshake.
 */
export async function withRemote(io: CliIo, command: string, opts: SshCliOptions, fn: (session: SshSession, pd: RemotePortdoctor) => Promise<number>): Promise<number> {
  const json = opts.json === true;
  const target = opts.ssh;
  if (!target) return printError(io, json, command, 'no --ssh target');
  const file = opts.knownHosts ?? join(homedir(), '.ssh', 'known_hosts');
  let knownHostsText = '';
  try {
    knownHostsText = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return printError(io, json, command, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let session: SshSession;
  try {
    session = await openSsh({ target, knownHostsText, onUnknownKey: (info) => askUnknownKey(io, info, file), ...(opts.identity ? { identities: opts.identity } : {}) });
  } catch (e) {
    return printError(io, json, command, e instanceof SshRefusal ? e.message : `ssh: ${(e as Error).message}`);
  }
  try {
    if (session.hostKey.newlyAccepted) {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      try {
        await appendFileSafely(file, knownHostsLine(target.host, target.port, session.hostKey.blob), 0o600);
      } catch (e) {
        return printError(io, json, command, e instanceof WriteRefused ? `${e.message}; give the real file with --known-hosts` : `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      io.err(`portdoctor: added ${session.hostKey.keyType} ${session.hostKey.fingerprint} for ${target.host} to ${file}`);
    }
    let pd: RemotePortdoctor;
    try {
      pd = await ensureRemotePortdoctor(session, (line) => {
        if (!json) io.err(line);
      });
    } catch (e) {
      return printError(io, json, command, (e as Error).message);
    }
    try {
      return await fn(session, pd);
    } finally {
      await pd.cleanup();
    }
  } finally {
    session.close();
  }
}
