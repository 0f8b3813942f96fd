import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { withRemoteSession } from '../remote/remote-connect';
import type { RemotePortdoctor } from '../remote/remote-portdoctor';
import { parseSshTarget } from '../remote/ssh-session';
import type { SshSession, SshTarget } from '../remote/ssh-session';
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
    .addOption(
      new Option('--identity <file>', 'SSH private key to offer (repeatable; default: the SSH agent and ~/.ssh/id_*)').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .addOption(new Option('--known-hosts <file>', 'known_hosts to check the server key against (default ~/.ssh/known_hosts)'));
}

/** On a terminal: show the fingerprint and ask once. Without one: refuse (nothing may be trusted silently). */
async function askUnknownKey(
  io: CliIo,
  info: { host: string; port: number; keyType: string; fingerprint: string },
  file: string,
): Promise<boolean> {
  const what = `the host key of ${info.host}${info.port === 22 ? '' : `:${info.port}`} is not in ${file}: ${info.keyType} ${info.fingerprint}`;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    io.err(
      `portdoctor: ${what}. Check it with the server's admin, then connect once with ssh (or ssh-keyscan into ${file}) and run again.`,
    );
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
export async function withRemote(
  io: CliIo,
  command: string,
  opts: SshCliOptions,
  fn: (session: SshSession, pd: RemotePortdoctor) => Promise<number>,
): Promise<number> {
  const json = opts.json === true;
  const target = opts.ssh;
  if (!target) return printError(io, json, command, 'no --ssh target');
  const file = opts.knownHosts ?? join(homedir(), '.ssh', 'known_hosts');
  const done = await withRemoteSession(
    {
      target,
      knownHostsFile: file,
      onUnknownKey: (info) => askUnknownKey(io, info, file),
      ...(opts.identity ? { identities: opts.identity } : {}),
      progress: (line) => {
        // The key just trusted is always said; the rest is progress for people.
        if (line.startsWith('added ')) io.err(`portdoctor: ${line}`);
        else if (!json) io.err(line);
      },
    },
    fn,
  );
  if (done.ok) return done.value;
  return printError(
    io,
    json,
    command,
    done.failed === 'known-hosts' ? `${done.message}; give the real file with --known-hosts` : done.message,
  );
}
