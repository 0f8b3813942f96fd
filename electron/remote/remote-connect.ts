import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendFileSafely, WriteRefused } from '../system/safe-write';
import { knownHostsLine } from './known-hosts';
import { ensureRemotePortdoctor } from './remote-portdoctor';
import type { RemotePortdoctor, RemoteProgress } from './remote-portdoctor';
import { openSsh, SshRefusal } from './ssh-session';
import type { SshOptions, SshRefusalKind, SshSession, SshTarget, UnknownKeyDecision } from './ssh-session';

/** How to reach a server: the front end (CLI or app) decides the login and how an unknown host key is asked about. */
export interface RemoteConnectOptions {
  target: SshTarget;
  /** known_hosts checked before logging in; a newly accepted key is appended here (0600, its folder 0700). */
  knownHostsFile: string;
  identities?: readonly string[];
  password?: string;
  agent?: boolean;
  onUnknownKey: UnknownKeyDecision;
  progress: RemoteProgress;
}

/** Why nothing (more) ran: the kind of refusal and one line for the person. */
export interface RemoteConnectFailure {
  ok: false;
  /** `known-hosts`: the accepted key could not be recorded (a symbolic link there is refused, never followed). */
  failed: SshRefusalKind | 'remote' | 'known-hosts';
  message: string;
}

/**
 * Open the SSH session (host key checked first), record a newly accepted key, make sure the server has this
 * version's portdoctor, run `fn`, then remove what was uploaded and close. The one path the CLI's `--ssh` and the
 * app's remote channels share; nothing here writes a password or keeps one beyond the call.
 */
export async function withRemoteSession<T>(
  opts: RemoteConnectOptions,
  fn: (session: SshSession, pd: RemotePortdoctor) => Promise<T>,
): Promise<{ ok: true; value: T } | RemoteConnectFailure> {
  let knownHostsText = '';
  try {
    knownHostsText = await readFile(opts.knownHostsFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      return { ok: false, failed: 'setup', message: `cannot read ${opts.knownHostsFile}: ${code ?? (e as Error).message}` };
  }
  const ssh: SshOptions = {
    target: opts.target,
    knownHostsText,
    onUnknownKey: opts.onUnknownKey,
    ...(opts.identities ? { identities: opts.identities } : {}),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    ...(opts.agent !== undefined ? { agent: opts.agent } : {}),
  };
  let session: SshSession;
  try {
    session = await openSsh(ssh);
  } catch (e) {
    return e instanceof SshRefusal
      ? { ok: false, failed: e.kind, message: e.message }
      : { ok: false, failed: 'connect', message: `ssh: ${(e as Error).message}` };
  }
  try {
    if (session.hostKey.newlyAccepted) {
      await mkdir(dirname(opts.knownHostsFile), { recursive: true, mode: 0o700 });
      try {
        await appendFileSafely(opts.knownHostsFile, knownHostsLine(opts.target.host, opts.target.port, session.hostKey.blob), 0o600);
      } catch (e) {
        const why =
          e instanceof WriteRefused
            ? e.message
            : `cannot write ${opts.knownHostsFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        return { ok: false, failed: 'known-hosts', message: why };
      }
      opts.progress(`added ${session.hostKey.keyType} ${session.hostKey.fingerprint} for ${opts.target.host} to ${opts.knownHostsFile}`);
    }
    let pd: RemotePortdoctor;
    try {
      pd = await ensureRemotePortdoctor(session, opts.progress);
    } catch (e) {
      return { ok: false, failed: 'remote', message: (e as Error).message };
    }
    try {
      return { ok: true, value: await fn(session, pd) };
    } finally {
      await pd.cleanup();
    }
  } finally {
    session.close();
  }
}
