import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { cliArgv } from './harness/private-cli';
import { decidingOf, requireBuiltCli, runCheck, serverAndClient, stepOf } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';
import type { CheckReport } from '../../shared/schemas/report';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

// Issue 17 item 8: real ufw with `ufw limit 8080/tcp` in the server's namespace (private /run and config copies).
// After a burst the kernel's recent list turns the next SYN into ufw-user-limit's REJECT: check must say so, from
// /proc/net/xt_recent/DEFAULT, and not `ok` (nor `not-listening` once a client's refused probe is joined).
describe.skipIf(!labAvailable())('lab: ufw limit after a burst', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('names the tripped limit as host-firewall-reject, with the recent list, when it clears and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdl-limit-'));
    try {
      await withLab({ prefix: 'pdl-' }, async (lab) => {
        const { srv, cli } = await serverAndClient(lab);
        await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
        const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']);
        await iso.must(['ufw', '--force', 'enable'], { timeoutMs: 30_000 });
        await iso.must(['ufw', 'limit', '8080/tcp'], { timeoutMs: 30_000 });

        // A quiet client: the limit is not reached, and the check says why from the list.
        const quiet = (await runCheck(iso, 8080, ['--source', '10.231.1.2'])).report;
        expect(quiet.verdict.cause).toBe('ok');
        expect(
          stepOf(quiet, 'firewall').evidence.some(
            (e) =>
              e.key === 'engine.ratelimit.notReached' &&
              /holds 0 hit\(s\) from 10\.231\.1\.2 within 30 s \(it matches from 5\)/.test(e.text),
          ),
        ).toBe(true);

        // The burst, as the kernel answers it: five connections pass, the sixth and later are refused.
        const outcomes: string[] = [];
        for (let i = 0; i < 7; i++) outcomes.push(await lab.connect(cli, '10.231.1.1', 8080, 1000));
        expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'refused', 'refused']);

        const { report, exitCode } = await runCheck(iso, 8080, ['--source', '10.231.1.2']);
        expect(report.verdict.cause).toBe('host-firewall-reject');
        expect(exitCode).toBe(1);
        expect(stepOf(report, 'service').status).toBe('pass');
        expect(decidingOf(report)?.text).toMatch(
          /^The ufw rule `-A ufw-user-limit -j REJECT --reject-with icmp-port-unreachable` \(table filter, chain ufw-user-limit, rule \d+\) rejects the packet/,
        );
        const fw = stepOf(report, 'firewall');
        const tripped = fw.evidence.find((e) => e.kind === 'rate-limit');
        // 7 SYNs, each `--set`; the two refused ones also `--update` (a match refreshes the entry): 9 hits within 30 s.
        expect(tripped?.text).toMatch(
          /^The rate limit tripped for 10\.231\.1\.2: the kernel’s recent list DEFAULT holds 9 connection attempt\(s\) from it within 30 s, and the rule turns a new one away once it holds 5; new connections are let in again after \d+ s/,
        );
        expect(tripped).toMatchObject({ source: 'linux.xt-recent.default', command: 'sudo cat /proc/net/xt_recent/DEFAULT' });
        const clears = Number(tripped?.data?.clearsInSeconds);
        expect(clears).toBeGreaterThan(0);
        expect(clears).toBeLessThanOrEqual(30);
        expect(fw.evidence.some((e) => e.key === 'engine.ratelimit.reached' && /--update --seconds 30 --hitcount 6/.test(e.text))).toBe(
          true,
        );
        expect(report.verdict.fixes[0]).toMatchObject({
          id: 'rate-limit',
          commands: ['sudo cat /proc/net/xt_recent/DEFAULT', 'sudo ufw allow 8080/tcp'],
        });
        expect(report.verdict.fixes[0]?.title).toMatch(
          /^Wait \d+ s without connecting from 10\.231\.1\.2, then connect again: the limit refuses bursts \(more than 5 new connections in 30 s from one address\)/,
        );

        // Another client has no hits: the same rules let it in.
        expect((await runCheck(iso, 8080, ['--source', '10.231.1.9'])).report.verdict.cause).toBe('ok');

        // The client's own refused probe joined with the server's view: the limit, not "not listening".
        const probe = await lab.exec(cli, [...cliArgv(CLI), 'probe', '10.231.1.1:8080', '--timeout', '2000', '--json'], {
          timeoutMs: 30_000,
        });
        expect((JSON.parse(probe.stdout) as { outcome: string }).outcome).toBe('refused');
        const probeFile = join(dir, 'probe.json');
        await writeFile(probeFile, probe.stdout);
        const diag = await iso.exec([...cliArgv(CLI), 'diagnose', '8080', '--client-report', probeFile, '--json'], { timeoutMs: 60_000 });
        const joined = JSON.parse(diag.stdout) as CheckReport;
        expect(joined.verdict.cause).toBe('host-firewall-reject');
        expect(JSON.stringify(joined)).toContain('The rate limit tripped for 10.231.1.2');

        // Both languages in the text output.
        const en = await iso.exec([...cliArgv(CLI), 'check', '8080', '--source', '10.231.1.2'], { timeoutMs: 60_000 });
        expect(en.stdout).toMatch(/The rate limit tripped for 10\.231\.1\.2/);
        const zh = await iso.exec([...cliArgv(CLI), 'check', '8080', '--source', '10.231.1.2', '--lang', 'zh-CN'], { timeoutMs: 60_000 });
        expect(zh.stdout).toMatch(/10\.231\.1\.2 触发了速率限制：内核的 recent 列表 DEFAULT 在 30 秒内记有它的 \d+ 次连接尝试/);
        expect(zh.stdout).not.toMatch(/The rate limit tripped/);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
