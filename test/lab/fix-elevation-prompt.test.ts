import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffHostFirewall, labAvailable, snapshotHostFirewall, withLab } from './harness';
import type { HostFirewallSnapshot } from './harness';
import { DBUS_CONFIG, waitForOutput } from './support/isolated';

const CLIENT = '10.246.4.2';
// The GUI's elevation path for real: electron/system/elevate.ts in `prompt` mode → @vscode/sudo-prompt → pkexec,
// run as nobody, with polkitd and a system bus private to the lab's mount namespace (LAB.md).
const ENTRY = `
import { elevatedRunner } from './electron/system/elevate';
import { createLiveRunner } from './electron/system/run-command';
const argv = JSON.parse(process.argv[2] ?? '[]');
const r = await elevatedRunner(createLiveRunner(), 'prompt').run({ source: 'lab.prompt', file: argv[0], args: argv.slice(1) });
console.log(JSON.stringify(r.kind === 'ok' ? { kind: 'ok', stdout: r.output.stdout.toString() } : { kind: 'error', reason: r.error.reason, detail: r.error.detail }));
`;
const RULE = `polkit.addRule(function (action, subject) {
  if (action.id == "org.freedesktop.policykit.exec" && subject.user == "nobody") return polkit.Result.YES;
});
`;

describe.skipIf(!labAvailable())('GUI elevation: sudo-prompt → pkexec → polkit, isolated', () => {
  let before: HostFirewallSnapshot;
  let rulesBefore: string[];
  let dir: string;
  let entry: string;
  beforeAll(async () => {
    before = await snapshotHostFirewall();
    rulesBefore = await readdir('/etc/polkit-1/rules.d');
    dir = join(process.cwd(), 'test-results', `pdf-prompt-${process.pid}`);
    await mkdir(dir, { recursive: true });
    entry = join(dir, 'prompt.mjs');
    await build({
      stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' },
      outfile: entry,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      logLevel: 'warning',
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    expect(await readdir('/etc/polkit-1/rules.d')).toEqual(rulesBefore);
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });

  it('without a polkit rule the prompt is refused (needs-admin); with one, nobody inserts the planned nft rule', async () => {
    const busDir = await mkdtemp(join(tmpdir(), 'pdf-bus-'));
    try {
      await writeFile(join(busDir, 'system.conf'), DBUS_CONFIG);
      await withLab({ prefix: 'pdf-', name: 'prompt' }, async (lab) => {
        const srv = await lab.namespace('srv');
        await lab.nft(srv, 'table inet filter { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 drop; }; }');
        const iso = await lab.isolate(srv, ['/etc/polkit-1/rules.d']);
        await iso.spawn(['dbus-daemon', `--config-file=${join(busDir, 'system.conf')}`, '--nofork', '--nopidfile']);
        await waitForOutput(iso, ['ls', '/run/dbus'], /system_bus_socket/, 10_000);
        await iso.spawn(['/usr/lib/polkit-1/polkitd', '--no-debug']);
        await waitForOutput(iso, ['busctl', '--system', 'list'], /org\.freedesktop\.PolicyKit1/, 15_000);
        const argv = [
          'nft',
          '--echo',
          '--handle',
          'insert',
          'rule',
          'inet',
          'filter',
          'input',
          'position',
          '2',
          'ip',
          'saddr',
          CLIENT,
          'tcp',
          'dport',
          '8080',
          'counter',
          'accept',
          'comment',
          '"PortDoctor:8080/tcp"',
        ];
        const asNobody = async () => {
          const r = await iso.exec(
            ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, entry, JSON.stringify(argv)],
            { timeoutMs: 60_000 },
          );
          return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
            kind: string;
            reason?: string;
            stdout?: string;
            detail?: string;
          };
        };
        const denied = await asNobody();
        expect(denied).toMatchObject({ kind: 'error', reason: 'needs-admin' });
        expect((await lab.must(srv, ['nft', 'list', 'ruleset'])).stdout).not.toContain('PortDoctor');

        await iso.must(['tee', '/etc/polkit-1/rules.d/50-pdf-lab.rules'], { input: RULE });
        // polkitd re-reads its rules folder on change; give it a moment.
        await new Promise((res) => setTimeout(res, 1500));
        const granted = await asNobody();
        expect(granted.kind, granted.detail).toBe('ok');
        expect(granted.stdout).toMatch(/comment "PortDoctor:8080\/tcp" # handle \d+/);
        expect((await lab.must(srv, ['nft', 'list', 'ruleset'])).stdout).toContain(
          `ip saddr ${CLIENT} tcp dport 8080 counter packets 0 bytes 0 accept comment "PortDoctor:8080/tcp"`,
        );
      });
    } finally {
      await rm(busDir, { recursive: true, force: true });
    }
  });
});
