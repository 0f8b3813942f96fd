import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AnyAuthMethod, Client, ConnectConfig } from 'ssh2';
import { checkHostKey, fingerprint, keyTypeOf, knownKeyTypes, parseKnownHosts } from './known-hosts';
import type { HostKeyStatus } from './known-hosts';
import { parseSshTarget } from '../../shared/net/ssh-target';
import type { SshTarget } from '../../shared/net/ssh-target';
import { remoteCommandLine } from './quote';
import type { RemoteShell } from './quote';

/** `[user@]host[:port]` (in shared/ so the app's form parses it the same way). */
export { parseSshTarget };
export type { SshTarget };

/** What the caller decides when a host's key is not on file yet (the CLI asks on a terminal, the app in a dialog). */
export type UnknownKeyDecision = (info: { host: string; port: number; keyType: string; fingerprint: string }) => Promise<boolean>;

export interface SshOptions {
  target: SshTarget;
  /** Private key files to offer (in order); default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exist. */
  identities?: readonly string[];
  /** known_hosts to check the host key against; default ~/.ssh/known_hosts. */
  knownHostsText: string;
  /** Asked once for an unknown key; true accepts it (the caller records it). */
  onUnknownKey: UnknownKeyDecision;
  /** A password, asked by the app when keys do not get in; never stored. */
  password?: string;
  /** Offer the SSH agent's keys (SSH_AUTH_SOCK) too; default true. */
  agent?: boolean;
  readyTimeoutMs?: number;
}

/** What kind of refusal: a host key not trusted (changed, revoked, unknown and declined), the login, the connection, the local setup. */
export type SshRefusalKind = 'host-key' | 'login' | 'connect' | 'setup';

/** A refusal the user must see as it is (exit 2), e.g. a changed host key: nothing ran on the server. */
export class SshRefusal extends Error {
  constructor(
    message: string,
    /** Which kind of refusal (the app words each differently). */
    readonly kind: SshRefusalKind = 'setup',
  ) {
    super(message);
  }
}

/** The result of one remote command. */
export interface RemoteResult {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** An open SSH connection: run argument arrays (quoted by remoteCommandLine), upload files, close. */
export interface SshSession {
  readonly target: SshTarget;
  /** The accepted host key's fingerprint, and whether it was newly accepted (the caller records it). */
  readonly hostKey: { keyType: string; fingerprint: string; blob: Buffer; newlyAccepted: boolean };
  shell: RemoteShell;
  run(argv: readonly string[], opts?: { timeoutMs?: number; stdin?: string; onStderr?: (text: string) => void }): Promise<RemoteResult>;
  upload(localPath: string, remotePath: string, mode: number): Promise<void>;
  /** Write a small file over SFTP (created 0600). */
  writeFile(remotePath: string, text: string): Promise<void>;
  /** The absolute path SFTP gives for `path` (`.` is the login folder). */
  realpath(path: string): Promise<string>;
  /** Make a folder over SFTP (no shell involved; fails when it exists). */
  mkdir(remotePath: string): Promise<void>;
  /** Remove a folder made by `mkdir` and the files in it, over SFTP (no shell involved). */
  removeFolder(remotePath: string): Promise<void>;
  close(): void;
}

/** Host-key algorithms to ask for: the types on file for this host first (as ssh(1) orders them), else ssh2's defaults. */
function hostKeyAlgorithms(types: readonly string[]): string[] | undefined {
  if (types.length === 0) return undefined;
  return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}

async function defaultIdentities(): Promise<string[]> {
  const dir = join(homedir(), '.ssh');
  const found: string[] = [];
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      await readFile(join(dir, name));
      found.push(join(dir, name));
    } catch {
      // not there
    }
  }
  return found;
}

function describeStatus(status: HostKeyStatus, host: string, port: number, presented: Buffer): string {
  const where = port === 22 ? host : `[${host}]:${port}`;
  if (status.kind === 'revoked')
    return `the host key of ${where} (${keyTypeOf(presented)} ${fingerprint(presented)}) is marked @revoked in known_hosts: not connecting`;
  if (status.kind === 'changed') {
    const line = status.line !== undefined ? ` (known_hosts line ${status.line})` : '';
    return `the host key of ${where} has CHANGED: known_hosts holds ${status.knownType} ${status.knownFingerprint}${line}, the server presented ${keyTypeOf(presented)} ${fingerprint(presented)}. Nothing was run on the server. If the server was really reinstalled, remove the old key (ssh-keygen -R '${where}') and connect again.`;
  }
  return '';
}

/** Connect with ssh2, checking the host key before authenticating; rejects with SshRefusal for a changed or refused key. */
export async function openSsh(options: SshOptions): Promise<SshSession> {
  // Node's own loader gives ssh2's named exports; a bundle's interop may give them only under `default`.
  const ssh2 = (await import('ssh2')) as { Client?: new () => Client; default?: { Client?: new () => Client } };
  const SshClient = ssh2.Client ?? ssh2.default?.Client;
  if (!SshClient) throw new SshRefusal('the ssh2 library did not load (no Client export)', 'setup');
  const { target } = options;
  const entries = parseKnownHosts(options.knownHostsText);
  const keys: { path: string; key: Buffer }[] = [];
  for (const path of options.identities ?? (await defaultIdentities())) {
    try {
      keys.push({ path, key: await readFile(path) });
    } catch (e) {
      throw new SshRefusal(`cannot read the identity file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const client = new SshClient();
  let refusal: string | null = null;
  let hostKey: SshSession['hostKey'] | null = null;
  const methods: AnyAuthMethod[] = [];
  if (options.agent !== false && process.env.SSH_AUTH_SOCK)
    methods.push({ type: 'agent', username: target.user, agent: process.env.SSH_AUTH_SOCK });
  for (const k of keys) methods.push({ type: 'publickey', username: target.user, key: k.key });
  if (options.password !== undefined) methods.push({ type: 'password', username: target.user, password: options.password });
  const algorithms = hostKeyAlgorithms(knownKeyTypes(entries, target.host, target.port));
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: options.readyTimeoutMs ?? 15_000,
    authHandler: methods,
    ...(algorithms ? { algorithms: { serverHostKey: algorithms as never } } : {}),
    hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
      const status = checkHostKey(entries, target.host, target.port, blob);
      const info = { keyType: keyTypeOf(blob), fingerprint: fingerprint(blob), blob };
      if (status.kind === 'known') {
        hostKey = { ...info, newlyAccepted: false };
        return verify(true);
      }
      if (status.kind !== 'unknown') {
        refusal = describeStatus(status, target.host, target.port, blob);
        return verify(false);
      }
      options.onUnknownKey({ host: target.host, port: target.port, keyType: info.keyType, fingerprint: info.fingerprint }).then(
        (yes) => {
          if (yes) hostKey = { ...info, newlyAccepted: true };
          else
            refusal = `the host key of ${target.host} (${info.keyType} ${info.fingerprint}) is not in known_hosts and was not accepted: nothing was run on the server`;
          verify(yes);
        },
        () => verify(false),
      );
    },
  } as ConnectConfig;
  if (methods.length === 0)
    throw new SshRefusal(`no way to log in to ${target.host}: no SSH agent, no identity file (--identity), no password`);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (e: Error & { level?: string }) => {
      if (refusal) reject(new SshRefusal(refusal, 'host-key'));
      else if (e.level === 'client-authentication')
        reject(
          new SshRefusal(
            `${target.user}@${target.host} refused every key offered${options.password !== undefined ? ' and the password' : ''}: ${keys.map((k) => k.path).join(', ') || 'no identity files'}`,
            'login',
          ),
        );
      else reject(new SshRefusal(`cannot connect to ${target.host}:${target.port}: ${e.message}`, 'connect'));
    });
    client.connect(config);
  });
  if (!hostKey) {
    client.end();
    throw new SshRefusal(`the host key of ${target.host} was not checked`, 'host-key');
  }
  return sessionOf(client, target, hostKey);
}

type Sftp = Parameters<Parameters<Client['sftp']>[0]>[1];

/** Open an SFTP channel for one operation, and close it after. */
function withSftp(client: Client, op: (sftp: Sftp, done: (e?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => {
      if (err) return reject(err);
      op(sftp, (e) => {
        sftp.end();
        if (e) reject(e);
        else resolve();
      });
    });
  });
}

function sessionOf(client: Client, target: SshTarget, hostKey: SshSession['hostKey']): SshSession {
  const session: SshSession = {
    target,
    hostKey,
    shell: 'posix',
    run(argv, opts = {}) {
      const line = remoteCommandLine(session.shell, argv);
      return new Promise((resolve, reject) => {
        client.exec(line, (err, stream) => {
          if (err) return reject(err);
          const out: Buffer[] = [];
          const errs: Buffer[] = [];
          const timer = setTimeout(() => {
            stream.close();
            reject(new Error(`the remote command timed out after ${opts.timeoutMs} ms: ${argv[0]}`));
          }, opts.timeoutMs ?? 120_000);
          stream.on('data', (d: Buffer) => out.push(d));
          stream.stderr.on('data', (d: Buffer) => {
            errs.push(d);
            opts.onStderr?.(d.toString('utf8'));
          });
          stream.on('close', (code: number | null) => {
            clearTimeout(timer);
            resolve({ code: code ?? null, stdout: Buffer.concat(out), stderr: Buffer.concat(errs) });
          });
          if (opts.stdin !== undefined) stream.end(opts.stdin);
          else stream.end();
        });
      });
    },
    upload(localPath, remotePath, mode) {
      return withSftp(client, (sftp, done) => sftp.fastPut(localPath, remotePath, { mode }, done));
    },
    writeFile(remotePath, text) {
      return withSftp(client, (sftp, done) => sftp.writeFile(remotePath, text, { mode: 0o600 }, done));
    },
    realpath(path) {
      return new Promise((resolve, reject) => {
        client.sftp((err, sftp) => {
          if (err) return reject(err);
          sftp.realpath(path, (e, abs) => {
            sftp.end();
            if (e) reject(e);
            else resolve(abs);
          });
        });
      });
    },
    mkdir(remotePath) {
      return withSftp(client, (sftp, done) => sftp.mkdir(remotePath, { mode: 0o700 }, done));
    },
    removeFolder(remotePath) {
      return withSftp(client, (sftp, done) => {
        sftp.readdir(remotePath, (err, list) => {
          if (err) return done(err);
          const files = list.filter((f) => f.filename !== '.' && f.filename !== '..').map((f) => `${remotePath}/${f.filename}`);
          const next = (e?: Error | null): void => {
            if (e) return done(e);
            const file = files.pop();
            if (file === undefined) sftp.rmdir(remotePath, done);
            else sftp.unlink(file, next);
          };
          next();
        });
      });
    },
    close: () => client.end(),
  };
  return session;
}
