import { create } from 'zustand';
import { parseSshTarget } from '../../shared/net/ssh-target';
import type { RemoteInfo, SshAuth, SshProblem } from '../../shared/schemas/remote';

/** Where the server is: this computer, or a server reached over SSH. */
export type ServerWhere = 'local' | 'ssh';
/** How to log in to the server. */
export type SshMethod = SshAuth['method'];

/** A host key shown by a server that is not on file yet: asked about once, in a dialog. */
export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  answer(trust: boolean): void;
}

/** sudo on the server wants a password for this one call. */
export interface SudoQuestion {
  host: string;
  /** Set when a password given before was not accepted. */
  retry: boolean;
  answer(password: string | null): void;
}

interface RemoteState {
  where: ServerWhere;
  /** `user@host[:port]` as typed. */
  target: string;
  method: SshMethod;
  identityFile: string;
  /** The login password as typed: in memory only while the form holds it (never persisted, never in a report). */
  password: string;
  knownHostsFile: string;
  hostKeyQuestion: HostKeyQuestion | null;
  sudoQuestion: SudoQuestion | null;
  /** The last two-ended run: who answered, and its notes. */
  last: { remote: RemoteInfo; notes: string[] } | null;
  /** Why the last remote diagnosis stopped (shown above the steps). */
  problem: SshProblem | null;
  /** The latest progress line of a run in progress. */
  progress: string;
  set(patch: Partial<Pick<RemoteState, 'where' | 'target' | 'method' | 'identityFile' | 'password' | 'knownHostsFile'>>): void;
  /** Open the host-key dialog; resolves with the user's answer. */
  askHostKey(key: Omit<HostKeyQuestion, 'answer'>): Promise<boolean>;
  /** Open the sudo password dialog; resolves with the password, or null when cancelled. */
  askSudo(host: string, retry: boolean): Promise<string | null>;
}

/** The remote form's store: where the server is, how to log in, and the two questions a remote call may ask. */
export const useRemoteStore = create<RemoteState>((set) => ({
  where: 'local',
  target: '',
  method: 'agent',
  identityFile: '',
  password: '',
  knownHostsFile: '',
  hostKeyQuestion: null,
  sudoQuestion: null,
  last: null,
  problem: null,
  progress: '',
  // Back to this computer: the password typed is dropped with the rest of the run's state.
  set: (patch) => set(patch.where === 'local' ? { ...patch, password: '', last: null, problem: null } : patch),
  askHostKey: (key) =>
    new Promise((resolve) =>
      set({
        hostKeyQuestion: {
          ...key,
          answer: (trust) => {
            set({ hostKeyQuestion: null });
            resolve(trust);
          },
        },
      }),
    ),
  askSudo: (host, retry) =>
    new Promise((resolve) =>
      set({
        sudoQuestion: {
          host,
          retry,
          answer: (password) => {
            set({ sudoQuestion: null });
            resolve(password);
          },
        },
      }),
    ),
}));

/** What the form says is wrong, by field (keys under `remote.`), or nothing. */
export function remoteFormErrors(
  s: Pick<RemoteState, 'target' | 'method' | 'identityFile' | 'password' | 'knownHostsFile'>,
): Partial<Record<'target' | 'identityFile' | 'password' | 'knownHostsFile', string>> {
  const errors: Partial<Record<'target' | 'identityFile' | 'password' | 'knownHostsFile', string>> = {};
  const target = parseSshTarget(s.target.trim(), '');
  if (!target || target.user === '') errors.target = 'errorTarget';
  if (s.method === 'key' && !isAbsolutePath(s.identityFile.trim())) errors.identityFile = 'errorPath';
  if (s.method === 'password' && s.password === '') errors.password = 'errorPassword';
  if (s.knownHostsFile.trim() !== '' && !isAbsolutePath(s.knownHostsFile.trim())) errors.knownHostsFile = 'errorPath';
  return errors;
}

function isAbsolutePath(p: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are refused
  return /^(?:\/|~\/|[A-Za-z]:[\\/]|\\\\)/.test(p) && !/[\u0000-\u001f\u007f]/.test(p);
}

/** The connection part of a remote request, from the form; null while the form has an error. */
export function connectionOf(s: Pick<RemoteState, 'target' | 'method' | 'identityFile' | 'password' | 'knownHostsFile'>) {
  if (Object.keys(remoteFormErrors(s)).length > 0) return null;
  const target = parseSshTarget(s.target.trim(), '');
  if (!target) return null;
  const auth: SshAuth =
    s.method === 'key'
      ? { method: 'key', identityFile: s.identityFile.trim() }
      : s.method === 'password'
        ? { method: 'password', password: s.password }
        : { method: 'agent' };
  return {
    host: target.host,
    user: target.user,
    sshPort: target.port,
    auth,
    ...(s.knownHostsFile.trim() ? { knownHostsFile: s.knownHostsFile.trim() } : {}),
  };
}
