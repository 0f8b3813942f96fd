import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { populate } from '../../scripts/bench/ports';
import { labAvailable, withLab } from './harness';
import { requireBuiltCli } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { cliArgv } from './harness/private-cli';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

/** inode → pid from `ss -tanpe` (`users:(("node",pid=123,fd=4)) … ino:456`), the kernel's own answer. */
function ssOwners(text: string): Map<number, number> {
  const owners = new Map<number, number>();
  for (const line of text.split('\n')) {
    const pid = /users:\(\("[^"]*",pid=(\d+),/.exec(line)?.[1];
    const inode = / ino:(\d+)/.exec(line)?.[1];
    if (pid && inode && inode !== '0') owners.set(Number(inode), Number(pid));
  }
  return owners;
}

// `portdoctor ports --json` as users run it (the bundled CLI) on a namespace with thousands of sockets, enough
// that the owner walk is shared between worker threads: every socket's owner must be the one `ss -tanpe` names.
describe.skipIf(!labAvailable())('lab: ports with owners on thousands of sockets', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('names the same owner as ss for every one of 9,000 sockets, walking on worker threads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdo-'));
    try {
      await withLab({ prefix: 'pdo-', name: 'owners' }, async (lab) => {
        const ns = await lab.namespace('many');
        await populate(lab, ns, 4500, dir);
        const ports = await lab.exec(ns, ['env', 'PORTDOCTOR_TRACE=owner-walk', ...cliArgv(CLI), 'ports', '--json'], {
          timeoutMs: 60_000,
        });
        expect(ports.code).toBe(0);
        // Threads in node and in the linux-x64 binary alike: its startup snapshot once aborted on a Worker
        // (worker_threads loaded at build time), so the binary walked in one thread.
        expect(ports.stderr).toMatch(/owner walk: \d+ processes, \d+ descriptors on [1-3] worker thread\(s\) and the caller/);
        const list = JSON.parse(ports.stdout) as {
          sockets: { protocol: string; state: string; inode?: number; owner?: { pid: number } }[];
        };
        const ss = ssOwners((await lab.must(ns, ['ss', '-Htanpe'], { timeoutMs: 30_000 })).stdout);
        expect(ss.size).toBeGreaterThanOrEqual(9000);
        const tcp = list.sockets.filter((s) => s.protocol === 'tcp' && s.inode);
        expect(tcp.length).toBe(ss.size);
        const wrong = tcp.filter((s) => s.owner?.pid !== ss.get(s.inode ?? 0));
        expect(wrong).toEqual([]);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
