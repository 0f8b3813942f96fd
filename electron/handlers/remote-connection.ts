import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SshConnection, SshProblem } from '../../shared/schemas/remote';
import type { RemoteInfo } from '../../shared/schemas/remote';
import { defuseField } from '../../shared/text/defuse';
import type { RemoteConnectFailure, RemoteConnectOptions } from '../remote/remote-connect';
import type { RemoteProgress } from '../remote/remote-portdoctor';
import type { RemoteJson } from '../remote/remote-run';
import type { SshSession } from '../remote/ssh-session';
import type { Services } from './types';

/** A key the server showed that is not on file: asked about in the app, then trusted only if the same key comes again. */
export interface UnknownKeySeen {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

/** `~/…` as the user means it; everything else was checked to be absolute by the contract. */
function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

/** The known_hosts the app checks: the one given, else PortDoctor's own in its data folder (never ~/.ssh behind the user's back). */
export function knownHostsFileFor(conn: SshConnection, services: Services): string {
  return conn.knownHostsFile ? expandHome(conn.knownHostsFile) : join(services.dataDir, 'known_hosts');
}

/**
 * How the app logs in: exactly the method chosen (the agent with ~/.ssh/id_*, one key file, or the password typed),
 * and an unknown host key trusted only when its fingerprint is the one the user accepted. `seen` records the key
 * shown, for the answer that asks.
 */
export function connectOptions(
  conn: SshConnection,
  services: Services,
  progress: RemoteProgress,
  seen: { key: UnknownKeySeen | null },
): RemoteConnectOptions {
  const auth = conn.auth;
  return {
    target: { user: conn.user, host: conn.host, port: conn.sshPort },
    knownHostsFile: knownHostsFileFor(conn, services),
    ...(auth.method === 'agent'
      ? { agent: true }
      : { agent: false, identities: auth.method === 'key' ? [expandHome(auth.identityFile)] : [] }),
    ...(auth.method === 'password' ? { password: auth.password } : {}),
    onUnknownKey: async (info) => {
      seen.key = info;
      return conn.acceptHostKey !== undefined && info.fingerprint === conn.acceptHostKey;
    },
    progress,
  };
}

/** The passwords of a request: never in an answer, whatever a server or library put in a message. */
function secretsOf(conn: SshConnection): string[] {
  return [conn.auth.method === 'password' ? conn.auth.password : '', conn.sudoPassword ?? ''].filter((s) => s.length > 0);
}

/** One line for the answer: control characters escaped, any password replaced, cut to the schema's size. */
export function tellable(conn: SshConnection, message: string): string {
  let text = defuseField(message);
  for (const s of secretsOf(conn)) text = text.split(s).join('***');
  return text.slice(0, 4000);
}

/** A failure to connect, as the app's answer: an unknown key is asked about (with its fingerprint), a changed one refused. */
export function connectProblem(conn: SshConnection, failure: RemoteConnectFailure, seen: UnknownKeySeen | null): SshProblem {
  const message = tellable(conn, failure.message);
  if (failure.failed === 'host-key' && seen && seen.fingerprint !== conn.acceptHostKey) {
    return { kind: 'ssh', problem: 'host-key-unknown', message, hostKey: seen };
  }
  if (failure.failed === 'host-key') return { kind: 'ssh', problem: 'host-key-changed', message };
  if (failure.failed === 'login' || failure.failed === 'setup') return { kind: 'ssh', problem: 'login', message };
  return { kind: 'ssh', problem: failure.failed === 'remote' ? 'remote' : 'connect', message };
}

/** A failed remote portdoctor run, as the app's answer: sudo wanting a password is asked about; a refusal is said. */
export function runProblem(conn: SshConnection, failed: Extract<RemoteJson<unknown>, { ok: false }>): SshProblem {
  const problem = failed.sudoNeedsPassword ? 'sudo-password' : failed.sudoRefused ? 'sudo-refused' : 'remote';
  return { kind: 'ssh', problem, message: tellable(conn, failed.error) };
}

/** Which server answered, over which key, and the client address it saw. */
export function remoteInfo(session: SshSession, clientAddress: string | null): RemoteInfo {
  const { target, hostKey } = session;
  return {
    host: target.host,
    user: target.user,
    sshPort: target.port,
    hostKey: { keyType: hostKey.keyType, fingerprint: hostKey.fingerprint },
    clientAddress,
  };
}
