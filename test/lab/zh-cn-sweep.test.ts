import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixPlan } from '../../shared/schemas/firewall';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { cliArgv } from './harness/private-cli';
import { requireBuiltCli, serverAndClient } from './support/check';
import { englishLines } from './support/english-lines';
import { keepHostFirewallUnchanged } from './support/host-guard';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

// Each scenario: the server's state, then every command a person runs on it, in Chinese.
const SCENARIOS = [
  { name: 'healthy port, no rules', listen: '0.0.0.0', rules: null },
  { name: 'nothing listens', listen: null, rules: null },
  { name: 'loopback only', listen: '127.0.0.1', rules: null },
  {
    name: 'nftables drop',
    listen: '0.0.0.0',
    rules:
      'table inet pdz { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 counter drop comment "pdz"; }; }',
  },
  {
    name: 'nftables reject',
    listen: '0.0.0.0',
    rules: 'table inet pdz { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 reject with tcp reset; }; }',
  },
  {
    name: 'nftables policy drop',
    listen: '0.0.0.0',
    rules: 'table inet pdz { chain input { type filter hook input priority 0; policy drop; iif lo accept; }; }',
  },
] as const;

// Issue 13 item 5: every sentence of every command in Chinese (commands, rule texts and addresses excepted).
describe.skipIf(!labAvailable())('lab: every command speaks Chinese with --lang zh-CN', () => {
  keepHostFirewallUnchanged(requireBuiltCli);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdz-lab-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const run = (lab: Lab, ns: string, args: string[]) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dir}`, 'LANG=C.UTF-8', ...cliArgv(CLI), ...args, '--lang', 'zh-CN'], { timeoutMs: 60_000 });

  it.each(SCENARIOS)('$name', async ({ listen, rules }) => {
    await withLab({ prefix: 'pdz-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      if (listen) await lab.listen(srv, { host: listen, port: 8080 });
      if (rules) await lab.nft(srv, rules);
      const outputs: { command: string; text: string }[] = [];
      const say = async (ns: string, args: string[]) => {
        const r = await run(lab, ns, args);
        outputs.push({ command: args.join(' '), text: `${r.stdout}\n${r.stderr}` });
        return r;
      };
      const probe = await run(lab, cli, ['probe', '10.231.1.1:8080', '--json', '--timeout', '1500']);
      const probeFile = join(dir, `probe-${Date.now()}.json`);
      await writeFile(probeFile, probe.stdout);
      await say(cli, ['probe', '10.231.1.1:8080', '--timeout', '1500']);
      await say(srv, ['check', '8080']);
      await say(srv, ['check', '8080', '--source', '10.231.1.2']);
      await say(srv, ['diagnose', '8080', '--client-report', probeFile]);
      await say(srv, ['fix', '8080', '--source', '10.231.1.2', '--dry-run']);
      await say(srv, ['ports']);
      // Issue 13 item 6: the Ports actions' preview, a refusal, a close that finds nothing, and a malformed target.
      await say(srv, ['ports', '--close', '10.231.1.1:8080-10.231.1.2:40000']);
      await say(srv, ['ports', '--close', '10.231.1.1:8080-10.231.1.2:40000', '--yes']);
      await say(srv, ['ports', '--kill', '1']);
      await say(srv, ['ports', '--close', '10.231.1.1-8080']);
      // Windows only (issue 16 item 12): on Linux one Chinese line and exit 2, nothing changed.
      const audit = await say(srv, ['audit-wfp', '8080', '--yes']);
      expect([audit.code, audit.stdout, audit.stderr.trim()]).toEqual([
        2,
        '',
        'portdoctor audit-wfp: 筛选平台丢弃审核仅存在于 Windows 上：未做任何更改。',
      ]);
      // Guidance snippets (config lines, framework commands) are shown as they are typed: take them from the plan.
      const planJson = await run(lab, srv, ['fix', '8080', '--source', '10.231.1.2', '--dry-run', '--json']);
      const plan = (JSON.parse(planJson.stdout) as { plan: FixPlan }).plan;
      const commands = new Set((plan.guidance ?? []).flatMap((g) => g.commands ?? []).map((c) => c.trim()));
      const leaks = outputs.flatMap((o) => englishLines(o.text, commands).map((l) => `${o.command}: ${l.line.trim()}   ⟵ ${l.english}`));
      expect(leaks, leaks.join('\n')).toEqual([]);
    });
  });
});
