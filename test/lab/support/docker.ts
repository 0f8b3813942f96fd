import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../harness';
import type { ExecResult } from '../harness';

/** A Docker engine running inside one lab namespace, with its own state, socket and rules. */
export interface LabDocker {
  /** `DOCKER_HOST` for the docker CLI and for PortDoctor's `docker ps`. */
  host: string;
  docker(args: readonly string[]): Promise<ExecResult>;
  /** Remove the containers, stop the engine, delete its state. */
  stop(): Promise<void>;
}

/** Remove an emptied cgroup folder and the empty ones below it (cgroupfs folders go with rmdir, not rm -r). */
function rmCgroup(path: string): void {
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory()) rmCgroup(join(path, entry.name));
  try {
    rmdirSync(path);
  } catch {
    // Still in use (a process that would not die): left for the machine, never forced.
  }
}

/** Docker's engine (Debian's docker.io) and a static busybox to build an image from: both are needed. */
export function dockerAvailable(): boolean {
  return (
    spawnSync('dockerd', ['--version'], { timeout: 5000 }).status === 0 &&
    spawnSync('docker', ['--version'], { timeout: 5000 }).status === 0 &&
    existsSync('/bin/busybox')
  );
}

/**
 * Start dockerd in the lab namespace `ns`: `nsenter --net` (not `ip netns exec`, which remounts /sys and so hides
 * the cgroup mounts dockerd needs) and a private mount namespace with a tmpfs /run. Its bridge, its iptables rules
 * and ip_forward live in that namespace only; its data, exec root and socket in a temporary folder. No registry is
 * reachable here: the image is imported from a tar of Debian's static busybox.
 */
export async function startDocker(ns: string): Promise<LabDocker> {
  const dir = mkdtempSync(join(tmpdir(), 'pdk-docker-'));
  const host = `unix://${dir}/docker.sock`;
  const env = { ...process.env, DOCKER_HOST: host, LANG: 'C', LC_ALL: 'C' };
  // Containers' cgroups under a parent of our own (cgroup v1 here, v2 elsewhere), removed at stop.
  const cgroup = `/${dir.split('/').pop() ?? 'pdk-docker'}`;
  const argv = [
    'dockerd',
    '--data-root',
    `${dir}/data`,
    '--exec-root',
    `${dir}/exec`,
    '--pidfile',
    `${dir}/docker.pid`,
    '-H',
    host,
    '--storage-driver',
    'vfs',
    '--userland-proxy=false',
    '--cgroup-parent',
    cgroup,
  ];
  const daemon: ChildProcess = spawn(
    'nsenter',
    [
      `--net=/run/netns/${ns}`,
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount -t tmpfs tmpfs /run && exec "$@"',
      'dockerd',
      ...argv,
    ],
    { stdio: 'ignore' },
  );
  const docker = (args: readonly string[]) => exec(['docker', ...args], { timeoutMs: 60_000, env });
  const stop = async () => {
    const ids = (await docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    if (ids.length) await docker(['rm', '-f', ...ids]);
    daemon.kill('SIGTERM');
    if (daemon.exitCode === null && daemon.signalCode === null) {
      await new Promise<void>((ok) => {
        const t = setTimeout(() => {
          daemon.kill('SIGKILL');
          ok();
        }, 15_000);
        daemon.once('exit', () => {
          clearTimeout(t);
          ok();
        });
      });
    }
    // Anything dockerd started and left (containerd and its shims) runs with the state folder on its command line.
    spawnSync('pkill', ['-KILL', '-f', dir], { timeout: 5000 });
    rmSync(dir, { recursive: true, force: true });
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) rmCgroup(join('/sys/fs/cgroup', hierarchy, cgroup));
  };
  try {
    const deadline = Date.now() + 60_000;
    while ((await docker(['info', '--format', '{{.ServerVersion}}'])).code !== 0) {
      if (Date.now() > deadline || daemon.exitCode !== null) throw new Error(`dockerd did not start in ${ns}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
    const root = join(dir, 'rootfs');
    mkdirSync(join(root, 'bin'), { recursive: true });
    cpSync('/bin/busybox', join(root, 'bin', 'busybox'));
    for (const tool of ['sh', 'httpd']) symlinkSync('busybox', join(root, 'bin', tool));
    const tar = join(dir, 'rootfs.tar');
    if (spawnSync('tar', ['-C', root, '-cf', tar, '.'], { timeout: 30_000 }).status !== 0)
      throw new Error('could not pack the busybox rootfs');
    const imported = await docker(['import', tar, 'pd-busybox:lab']);
    if (imported.code !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { host, docker, stop };
}
