import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliBinary } from '../harness/private-cli';
import type { Isolated, Lab, LabProcess } from '../harness';
import { mustExec } from '../harness/exec';

/** A real OpenSSH server in a lab namespace, with its own config, host key, client key and known_hosts. */
export interface LabSshd {
  address: string;
  /** The client's private key (ed25519, no passphrase) and a known_hosts holding the server's key. */
  identity: string;
  knownHosts: string;
  /** The server's host key fingerprint as ssh-keygen prints it (SHA256:…). */
  fingerprint: string;
  /** A second host key the server never uses: a known_hosts naming it simulates a changed server key. */
  otherKnownHosts: string;
  iso: Isolated;
  /** The private folder: HOME for the client side, known_hosts files, keys. */
  dir: string;
  stop(): Promise<void>;
}

/** A user that exists only inside the server's private mount namespace (for "not root, no sudo" scenarios). */
export const LAB_USER = 'pdlabuser';

/**
 * Start `/usr/sbin/sshd -D -e` inside `ns` (a private mount namespace: tmpfs /run with /run/sshd, and private
 * copies of /etc/passwd, /etc/shadow and /etc/group that add LAB_USER). sshd needs its absolute path,
 * `UsePAM no` (no PAM stack here), `StrictModes no` (keys under a temp folder) and internal-sftp (ansible).
 */
export async function startSshd(lab: Lab, ns: string, address: string, opts: { password?: string } = {}): Promise<LabSshd> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-sshd-'));
  await chmod(dir, 0o755);
  const key = (name: string) =>
    mustExec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `portdoctor-lab-${name}`, '-f', join(dir, name)]);
  await Promise.all([key('host_key'), key('other_host_key'), key('client_key')]);
  const hostPub = (await readFile(join(dir, 'host_key.pub'), 'utf8')).trim().split(/\s+/);
  const otherPub = (await readFile(join(dir, 'other_host_key.pub'), 'utf8')).trim().split(/\s+/);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
  await writeFile(join(dir, 'known_hosts'), `${address} ${hostPub[0]} ${hostPub[1]}\n`);
  await writeFile(join(dir, 'known_hosts.changed'), `${address} ${otherPub[0]} ${otherPub[1]}\n`);
  const fp = (await mustExec(['ssh-keygen', '-l', '-f', join(dir, 'host_key.pub')])).stdout.split(/\s+/)[1] ?? '';
  const config = [
    `ListenAddress ${address}`,
    'Port 22',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    // A password login only when the test gives one (root's and LAB_USER's, in the private /etc/shadow below).
    `PasswordAuthentication ${opts.password !== undefined ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    `PermitRootLogin ${opts.password !== undefined ? 'yes' : 'prohibit-password'}`,
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    '',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), config);
  const iso = await lab.isolate(ns, ['/etc/passwd', '/etc/shadow', '/etc/group', ...(opts.password !== undefined ? ['/etc/sudoers'] : [])]);
  await iso.must(['mkdir', '-p', '/run/sshd']);
  // The private copies only: the host's own account files never change.
  await iso.must([
    'sh',
    '-c',
    `echo '${LAB_USER}:x:4242:4242:PortDoctor lab:${dir}:/bin/sh' >> /etc/passwd && echo '${LAB_USER}:*:19000:0:99999:7:::' >> /etc/shadow && echo '${LAB_USER}:x:4242:' >> /etc/group`,
  ]);
  if (opts.password !== undefined) {
    // crypt(3) SHA-512 of the password (given on stdin), set as root's and LAB_USER's in the private /etc/shadow copy
    // only; the private /etc/sudoers lets LAB_USER run anything as root after typing it (sudo -n then refuses).
    const hash = (await mustExec(['openssl', 'passwd', '-6', '-stdin'], { input: `${opts.password}\n` })).stdout.trim();
    await iso.must([
      'sh',
      '-c',
      'out=$(awk -F: -v OFS=: -v h="$1" -v u="$2" \'$1 == "root" || $1 == u { $2 = h } { print }\' /etc/shadow) && printf "%s\\n" "$out" > /etc/shadow',
      'set-passwords',
      hash,
      LAB_USER,
    ]);
    await iso.must([
      'sh',
      '-c',
      'printf "%s\\n" "Defaults env_reset" "Defaults !lecture" "root ALL=(ALL:ALL) ALL" "$1 ALL=(root) ALL" > /etc/sudoers',
      'sudoers',
      LAB_USER,
    ]);
  }
  const sshd: LabProcess = await iso.spawn(['/usr/sbin/sshd', '-f', join(dir, 'sshd_config'), '-D', '-e']);
  await waitForPort(lab, ns, address, 22);
  return {
    address,
    identity: join(dir, 'client_key'),
    knownHosts: join(dir, 'known_hosts'),
    otherKnownHosts: join(dir, 'known_hosts.changed'),
    fingerprint: fp,
    iso,
    dir,
    async stop() {
      sshd.kill();
      await sshd.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(lab: Lab, ns: string, address: string, port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await lab.connect(ns, address, port, 500)) === 'ok') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not start on ${address}:${port}`);
}

/**
 * What a server runs: the standalone binary the lab drives (PORTDOCTOR_CLI), PORTDOCTOR_REMOTE_BINARY, or the one
 * `npm run release:cli` built; else a two-line launcher for the file's private CLI build, so the SSH paths are tested either way.
 */
export async function serverBinary(cliPath: string, dir: string): Promise<string> {
  if (process.env.PORTDOCTOR_REMOTE_BINARY) return resolve(process.env.PORTDOCTOR_REMOTE_BINARY);
  const driven = cliBinary();
  if (driven) return driven;
  const built = resolve('release/portdoctor-linux-x64');
  if (existsSync(built)) return built;
  const launcher = join(dir, 'portdoctor-launcher');
  await writeFile(launcher, `#!/bin/sh\nexec '${process.execPath}' '${cliPath}' "$@"\n`);
  await chmod(launcher, 0o755);
  return launcher;
}
