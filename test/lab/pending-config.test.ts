import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import type { Isolated } from './harness';
import { cliArgv } from './harness/private-cli';
import { requireBuiltCli, runCheck, serverAndClient, stepOf } from './support/check';
import type { CheckRun } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { startFirewalld } from './support/isolated';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));
const NFT_LINK = '/etc/systemd/system/sysinit.target.wants/nftables.service';
const BOOT = `flush ruleset
table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    iif lo accept
    tcp dport 8080 accept
  }
}
`;

/** The firewall step's `pending` evidence: what a reload or reboot would change for the port. */
function pendingOf(run: CheckRun) {
  return stepOf(run.report, 'firewall').evidence.filter((e) => e.kind === 'pending');
}

async function checkFrom(iso: Isolated, port: number): Promise<CheckRun> {
  return runCheck(iso, port, ['--source', '10.231.1.2']);
}

// Issue 17 item 13: a saved configuration that differs from the running rules is said, with the command that loads it;
// the verdict stays what the kernel does now (checked with a real connect each time).
describe.skipIf(!labAvailable())('lab: saved firewall configuration that is not running', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('firewalld: a port added with --permanent only is allowed after reload, not now; a runtime-only port is gone after reload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdl-dbus-'));
    try {
      await withLab({ prefix: 'pdl-' }, async (lab) => {
        const { srv, cli } = await serverAndClient(lab);
        await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
        await lab.listen(srv, { host: '0.0.0.0', port: 9090 });
        const iso = await startFirewalld(lab, srv, dir);
        await iso.must(['firewall-cmd', '--permanent', '--zone=public', '--add-port=8080/tcp'], { timeoutMs: 30_000 });
        expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('unreachable');
        const before = await checkFrom(iso, 8080);
        expect(before.report.verdict.cause).toBe('host-firewall-reject');
        const saved = pendingOf(before);
        expect(saved.map((e) => e.text)).toEqual([
          'firewalld zone public opens TCP port 8080 in its permanent configuration (8080/tcp), not in the running one: allowed after `firewall-cmd --reload`, not now',
        ]);
        expect(saved[0]?.command).toBe('firewall-cmd --permanent --zone=public --list-all');
        const zh = await iso.exec([...cliArgv(CLI), 'check', '8080', '--source', '10.231.1.2', '--lang', 'zh-CN'], { timeoutMs: 60_000 });
        expect(zh.stdout).toContain(
          'firewalld 区域 public 在永久配置中开放了 TCP 端口 8080（8080/tcp），运行中的配置没有：执行 `firewall-cmd --reload` 后才放行',
        );

        await iso.must(['firewall-cmd', '--reload'], { timeoutMs: 30_000 });
        expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
        const after = await checkFrom(iso, 8080);
        expect(after.report.verdict.cause).toBe('ok');
        expect(pendingOf(after)).toEqual([]);

        // The reverse: opened at runtime only, allowed now and gone after a reload.
        await iso.must(['firewall-cmd', '--zone=public', '--add-port=9090/tcp'], { timeoutMs: 30_000 });
        expect(await lab.connect(cli, '10.231.1.1', 9090)).toBe('ok');
        const runtime = await checkFrom(iso, 9090);
        expect(runtime.report.verdict.cause).toBe('ok');
        expect(pendingOf(runtime).map((e) => e.text)).toEqual([
          'firewalld zone public opens TCP port 9090 in its running configuration only (9090/tcp): allowed now, gone after `firewall-cmd --reload` or a reboot — `firewall-cmd --runtime-to-permanent` keeps it',
        ]);
        await iso.must(['firewall-cmd', '--runtime-to-permanent'], { timeoutMs: 30_000 });
        expect(pendingOf(await checkFrom(iso, 9090))).toEqual([]);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('nftables: the boot file /etc/nftables.conf differs from the running ruleset, judged by the same evaluator', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.listen(srv, { host: '0.0.0.0', port: 9090 });
      // Private copies: the boot file and systemd's unit links (nftables.service enabled here only).
      const iso = await lab.isolate(srv, ['/etc/nftables.conf', '/etc/systemd/system']);
      await iso.must(['tee', '/etc/nftables.conf'], { input: BOOT });
      // Running: the boot table without its 8080 rule, plus a 9090 rule added by hand.
      await lab.nft(srv, BOOT.replace('tcp dport 8080 accept', 'tcp dport 9090 accept'));
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      // nftables.service disabled: the file is not what boot loads, so nothing is said.
      await iso.must(['rm', '-f', NFT_LINK]);
      expect(pendingOf(await checkFrom(iso, 8080))).toEqual([]);
      await iso.must(['mkdir', '-p', '/etc/systemd/system/sysinit.target.wants']);
      await iso.must(['ln', '-s', '/lib/systemd/system/nftables.service', NFT_LINK]);
      const dropped = await checkFrom(iso, 8080);
      expect(dropped.report.verdict.cause).toBe('host-firewall-drop');
      expect(pendingOf(dropped).map((e) => e.text)).toEqual([
        'The nftables boot file /etc/nftables.conf lets TCP port 8080 in (tcp dport 8080 accept), the running ruleset of its tables does not: allowed after `nft -f /etc/nftables.conf` or a reboot, not now',
      ]);
      expect(await lab.connect(cli, '10.231.1.1', 9090)).toBe('ok');
      const handMade = await checkFrom(iso, 9090);
      expect(handMade.report.verdict.cause).toBe('ok');
      expect(pendingOf(handMade).map((e) => e.text)).toEqual([
        'The running nftables ruleset lets TCP port 9090 in, but the boot file /etc/nftables.conf does not (chain inet filter input policy drop): blocked after a reboot or `nft -f /etc/nftables.conf` — add the rule that allows it to /etc/nftables.conf to keep it',
      ]);
      const zh = await iso.exec([...cliArgv(CLI), 'check', '9090', '--source', '10.231.1.2', '--lang', 'zh-CN'], { timeoutMs: 60_000 });
      expect(zh.stdout).toContain('运行中的 nftables 规则集放行 TCP 端口 9090，但开机配置文件 /etc/nftables.conf 不放行');
      // What boot does: load the file. The notes were right both ways, and nothing is pending any more.
      await iso.must(['nft', '-f', '/etc/nftables.conf']);
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      expect(await lab.connect(cli, '10.231.1.1', 9090, 800)).toBe('timeout');
      expect(pendingOf(await checkFrom(iso, 8080))).toEqual([]);
      expect(pendingOf(await checkFrom(iso, 9090))).toEqual([]);
      // The scratch namespace the boot file was loaded into is gone.
      expect((await iso.must(['ip', 'netns', 'list'])).stdout).not.toMatch(/portdoctor-boot/);
    });
  });

  it('ufw: rules saved while inactive, rules missing from the kernel, and a hand-added kernel rule', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.listen(srv, { host: '0.0.0.0', port: 9090 });
      const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']);
      await iso.must(['ufw', '--force', 'disable'], { timeoutMs: 30_000 });
      // "Rules updated" while ufw is inactive: saved, not loaded; nothing filters now.
      await iso.must(['ufw', 'allow', '8080/tcp'], { timeoutMs: 30_000 });
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      const inactive = await checkFrom(iso, 8080);
      expect(inactive.report.verdict.cause).toBe('ok');
      expect(pendingOf(inactive).map((e) => e.text)).toEqual([
        'ufw is not active in the kernel: its saved rule(s) for TCP port 8080 in /etc/ufw/user.rules (allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in) are not loaded — `ufw enable` loads them, together with its default policy for incoming traffic',
      ]);
      await iso.must(['ufw', '--force', 'enable'], { timeoutMs: 30_000 });
      expect(pendingOf(await checkFrom(iso, 8080))).toEqual([]);
      // The kernel lost the rule (deleted by hand): the file still has it.
      await iso.must(['iptables', '-w', '-D', 'ufw-user-input', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT']);
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      const lost = await checkFrom(iso, 8080);
      expect(lost.report.verdict.cause).toBe('host-firewall-drop');
      expect(pendingOf(lost).map((e) => e.text)).toEqual([
        'ufw’s rules file /etc/ufw/user.rules lets TCP port 8080 in (allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in), the rules loaded in the kernel do not: allowed after `ufw reload` or a reboot, not now',
      ]);
      const zh = await iso.exec([...cliArgv(CLI), 'check', '8080', '--source', '10.231.1.2', '--lang', 'zh-CN'], { timeoutMs: 60_000 });
      expect(zh.stdout).toContain('ufw 的规则文件 /etc/ufw/user.rules 放行 TCP 端口 8080');
      // A rule added to ufw's chain by hand, not through ufw: allowed now, not in the file.
      await iso.must(['iptables', '-w', '-I', 'ufw-user-input', '-p', 'tcp', '--dport', '9090', '-j', 'ACCEPT']);
      expect(await lab.connect(cli, '10.231.1.1', 9090)).toBe('ok');
      const hand = await checkFrom(iso, 9090);
      expect(hand.report.verdict.cause).toBe('ok');
      expect(pendingOf(hand).map((e) => e.text)).toEqual([
        expect.stringMatching(
          /^The kernel’s ufw rules let TCP port 9090 in \(.*--dport 9090 -j ACCEPT\), ufw’s rules file \/etc\/ufw\/user.rules does not: blocked after `ufw reload`/,
        ),
      ]);
      // ufw reload loads the file: both notes come true.
      await iso.must(['ufw', 'reload'], { timeoutMs: 30_000 });
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      expect(await lab.connect(cli, '10.231.1.1', 9090, 800)).toBe('timeout');
      expect(pendingOf(await checkFrom(iso, 8080))).toEqual([]);
      expect(pendingOf(await checkFrom(iso, 9090))).toEqual([]);
    });
  });
});
