import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAvailable } from './harness';
import type { Lab } from './harness';
import { json, useClientLab } from './support/client-lab';
import type { ClientNet } from './support/client-lab';
import { LAB_USER, serverBinary, startSshd } from './support/sshd';
import type { LabSshd } from './support/sshd';
import type { CheckReport } from '../../shared/schemas/report';
import type { PdRunner } from './harness/client-path';
import { cliArgv } from './harness/private-cli';

const run = labAvailable() && existsSync('/usr/sbin/sshd');

const ALLOW_SSH = 'tcp dport 22 accept;';

describe.skipIf(!run)('both ends from one seat over SSH (real sshd in the server namespace)', () => {
  const { scenario, cliPath } = useClientLab('remote-ssh');
  let home: string;
  let binary: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pd-ssh-home-'));
    binary = await serverBinary(cliPath(), home);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  /** The CLI on the client, with a private HOME and the lab's key and known_hosts. */
  const onClient = (
    lab: Lab,
    pd: PdRunner,
    net: ClientNet,
    sshd: LabSshd,
    args: string[],
    opts: { user?: string; knownHosts?: string } = {},
  ) =>
    lab.exec(
      net.cli,
      [
        'env',
        `HOME=${home}`,
        `PORTDOCTOR_REMOTE_BINARY=${binary}`,
        'SSH_AUTH_SOCK=',
        ...cliArgv(cliPath()),
        ...args,
        '--ssh',
        `${opts.user ?? 'root'}@${sshd.address}`,
        '--identity',
        sshd.identity,
        '--known-hosts',
        opts.knownHosts ?? sshd.knownHosts,
      ],
      { timeoutMs: 90_000 },
    );

  const withSshd = (name: string, fn: (lab: Lab, pd: PdRunner, net: ClientNet, sshd: LabSshd) => Promise<void>) =>
    scenario(name, async (lab, pd, net) => {
      const sshd = await startSshd(lab, net.srv, net.srvAddress);
      try {
        await fn(lab, pd, net, sshd);
      } finally {
        await sshd.stop();
      }
    });

  it('host firewall drop: named over SSH with the client address the server sees, fixed there, the client connects, undone, blocked again; other rules untouched', async () => {
    await withSshd('drop', async (lab, pd, net, sshd) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        net.srv,
        `table inet admin { chain input { type filter hook input priority 0; policy accept; ${ALLOW_SSH} tcp dport 8080 drop; tcp dport 9090 drop; }; }`,
      );
      const before = (await lab.must(net.srv, ['nft', 'list', 'ruleset'])).stdout;
      const tmpBefore = await readdir('/tmp');
      const diag = await onClient(lab, pd, net, sshd, ['diagnose', '8080', '--timeout', '1500', '--json']);
      const report = json<CheckReport & { remote: { clientAddress: string; hostKey: string } }>(diag);
      expect(diag.code).toBe(1);
      expect(report.verdict.cause).toBe('host-firewall-drop');
      expect(report.remote).toMatchObject({ clientAddress: '10.232.1.2', hostKey: sshd.fingerprint });
      expect(report.target.source).toBe('10.232.1.2');
      const firewall = report.steps.find((s) => s.id === 'firewall');
      expect(JSON.stringify(firewall?.evidence)).toContain('tcp dport 8080 drop');
      expect(report.steps.find((s) => s.id === 'client')?.status).toBe('fail');
      const packets = report.steps.find((s) => s.id === 'packets');
      expect(packets?.evidence[0]?.data).toMatchObject({ address: '10.232.1.2', synAck: 0, result: 'unanswered' });
      // Nothing of ours is left on the server.
      expect((await readdir('/tmp')).filter((f) => f.startsWith('portdoctor.') && !tmpBefore.includes(f))).toEqual([]);

      const fixed = await onClient(lab, pd, net, sshd, ['fix', '8080', '--source', '10.232.1.2', '--yes', '--json']);
      const doc = json<{ applied: { fixed: boolean; undoId: string } }>(fixed);
      expect(doc.applied.fixed).toBe(true);
      expect(await lab.connect(net.cli, net.srvAddress, 8080, 1500)).toBe('ok');
      expect(await lab.connect(net.cli, net.srvAddress, 9090, 800)).toBe('timeout');
      // Issue #11 item 4 over SSH: the server reads its new rule's counter; the client's connect is the traffic proof.
      const verified = await onClient(lab, pd, net, sshd, ['fix', '--verify', doc.applied.undoId, '--json']);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(json<{ schema: string; proof: object }>(verified)).toMatchObject({
        schema: 'portdoctor.fix-verify/1',
        proof: { kind: 'rule-counter', client: '10.232.1.2', before: 0 },
      });

      const undone = await onClient(lab, pd, net, sshd, ['fix', '--undo', doc.applied.undoId, '--json']);
      expect(json<{ undone: boolean }>(undone).undone).toBe(true);
      expect(await lab.connect(net.cli, net.srvAddress, 8080, 1000)).toBe('timeout');
      const after = (await lab.must(net.srv, ['nft', 'list', 'ruleset'])).stdout;
      expect(after).toBe(before);
    });
  });

  it('the router drops the port: no SYN reached the server → upstream-filtered', async () => {
    await withSshd('upstream', async (lab, pd, net, sshd) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(net.rtr, 'table inet pdc { chain fw { type filter hook forward priority 0; policy accept; tcp dport 8080 drop; }; }');
      const diag = await onClient(lab, pd, net, sshd, ['diagnose', '8080', '--timeout', '1500', '--json']);
      const report = json<CheckReport>(diag);
      expect(report.verdict.cause).toBe('upstream-filtered');
      expect(report.steps.find((s) => s.id === 'packets')?.status).toBe('fail');
    });
  });

  it('a loopback-only bind → loopback-only', async () => {
    await withSshd('loopback', async (lab, pd, net, sshd) => {
      await lab.listen(net.srv, { host: '127.0.0.1', port: 8080 });
      const diag = await onClient(lab, pd, net, sshd, ['diagnose', '8080', '--timeout', '1500', '--json']);
      expect(json<CheckReport>(diag).verdict.cause).toBe('loopback-only');
    });
  });

  it('a changed host key is refused with exit 2 naming both keys; nothing runs on the server', async () => {
    await withSshd('hostkey', async (lab, pd, net, sshd) => {
      const tmpBefore = await readdir('/tmp');
      const r = await onClient(lab, pd, net, sshd, ['diagnose', '8080', '--timeout', '1000'], { knownHosts: sshd.otherKnownHosts });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/host key of 10\.232\.2\.2 has CHANGED/);
      expect(r.stderr).toContain(sshd.fingerprint);
      expect((await readdir('/tmp')).filter((f) => f.startsWith('portdoctor.') && !tmpBefore.includes(f))).toEqual([]);
      // An unknown key without a terminal to ask on: refused too, showing its fingerprint.
      const empty = join(sshd.dir, 'known_hosts.empty');
      await writeFile(empty, '');
      const u = await onClient(lab, pd, net, sshd, ['diagnose', '8080', '--timeout', '1000'], { knownHosts: empty });
      expect(u.code).toBe(2);
      expect(u.stderr).toContain(sshd.fingerprint);
    });
  });

  it('sudo not allowed for the login user: a clear error, nothing changed', async () => {
    await withSshd('nosudo', async (lab, pd, net, sshd) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        net.srv,
        `table inet admin { chain input { type filter hook input priority 0; policy accept; ${ALLOW_SSH} tcp dport 8080 drop; }; }`,
      );
      const before = (await lab.must(net.srv, ['nft', 'list', 'ruleset'])).stdout;
      const r = await onClient(lab, pd, net, sshd, ['fix', '8080', '--source', '10.232.1.2', '--yes'], { user: LAB_USER });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/sudo on 10\.232\.2\.2 needs a password or does not allow pdlabuser/);
      expect((await lab.must(net.srv, ['nft', 'list', 'ruleset'])).stdout).toBe(before);
    });
  });
});
