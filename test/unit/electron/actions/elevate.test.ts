import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../../../shared/bundle/sources';
import { elevateOnDenied, elevatedRunner, elevationModeFor, quoteForPrompt } from '../../../../electron/system/elevate';
import { fakeRunner } from './fake-runner';

describe('elevation', () => {
  it('picks nothing when privileged or on Windows, a prompt in the GUI, sudo -n on the CLI', () => {
    expect(elevationModeFor({ elevated: true, platform: 'linux', gui: false })).toBe('none');
    expect(elevationModeFor({ elevated: false, platform: 'win32', gui: true })).toBe('none');
    expect(elevationModeFor({ elevated: false, platform: 'linux', gui: true })).toBe('prompt');
    expect(elevationModeFor({ elevated: null, platform: 'linux', gui: false })).toBe('sudo-n');
  });

  it('sudo -n: prefixes the exact argv; a password prompt becomes a "re-run as root" answer', async () => {
    // The real message of sudo -n when a password is needed (sudo 1.9.13).
    const base = fakeRunner([{ match: (a) => a[0] === 'sudo', exitCode: 1, stderr: 'sudo: a password is required\n' }]);
    const r = await elevatedRunner(base, 'sudo-n').run({ source: 'linux.fix.nft', file: 'nft', args: ['list', 'ruleset'] });
    expect(base.calls).toEqual([['sudo', '-n', '--', 'nft', 'list', 'ruleset']]);
    expect(r.kind === 'error' && r.error.reason).toBe('needs-admin');
    expect(r.kind === 'error' && r.error.detail).toMatch(/Re-run the same portdoctor command as root/);
    expect(r.argv).toEqual(['nft', 'list', 'ruleset']);
  });

  it('refuses to elevate programs outside the firewall tools, and arguments with control characters', async () => {
    const base = fakeRunner([]);
    const runner = elevatedRunner(base, 'sudo-n');
    expect((await runner.run({ source: 'x' as SourceId, file: 'sh', args: ['-c', 'id'] })).kind).toBe('error');
    expect((await runner.run({ source: 'x' as SourceId, file: 'nft', args: ['list\nruleset'] })).kind).toBe('error');
    expect(base.calls).toEqual([]);
  });

  it('prompt: hands sudo-prompt a fully single-quoted command and maps its answer to a typed result', async () => {
    const seen: string[] = [];
    const runner = elevatedRunner(fakeRunner([]), 'prompt', (command, _o, cb) => {
      seen.push(command);
      cb(command.includes('ufw') ? new Error('User did not grant permission.') : undefined, 'ok\n', '');
    });
    const ok = await runner.run({
      source: 's' as SourceId,
      file: 'nft',
      args: ['add', 'rule', 'inet', 'filter', 'input', 'comment', '"PortDoctor:80/tcp"'],
    });
    expect(ok.kind).toBe('ok');
    expect(seen[0]).toBe(`'nft' 'add' 'rule' 'inet' 'filter' 'input' 'comment' '"PortDoctor:80/tcp"'`);
    const denied = await runner.run({ source: 's' as SourceId, file: 'ufw', args: ['allow', '80'] });
    expect(denied.kind === 'error' && denied.error.reason).toBe('needs-admin');
    expect(quoteForPrompt(["it's"])).toBe(`'it'\\''s'`);
    const dollar = await runner.run({ source: 's' as SourceId, file: 'nft', args: ['list', '$(id)'] });
    expect(dollar.kind === 'error' && dollar.error.detail).toMatch(/prompt's shell/);
    expect(seen).toHaveLength(2);
  });

  it('the Ports actions elevate ss -K and kill (sudo -n -- <argv>), and only those besides the firewall tools', async () => {
    const base = fakeRunner([]);
    const runner = elevatedRunner(base, 'sudo-n');
    await runner.run({ source: 'ports.close', file: 'ss', args: ['-K', '-t', '-n', 'src', '10.0.0.5', 'sport', '=', ':8080'] });
    await runner.run({ source: 'ports.end.term', file: 'kill', args: ['-TERM', '42'] });
    expect((await runner.run({ source: 'x' as SourceId, file: 'pkill', args: ['-f', 'x'] })).kind).toBe('error');
    expect(base.calls).toEqual([
      ['sudo', '-n', '--', 'ss', '-K', '-t', '-n', 'src', '10.0.0.5', 'sport', '=', ':8080'],
      ['sudo', '-n', '--', 'kill', '-TERM', '42'],
    ]);
  });

  it('CLI reads: a firewall tool denied for lack of root is retried once through sudo -n; other programs are not', async () => {
    // Real stderr of `iptables-nft-save` run as nobody.
    const denied = 'iptables-nft-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n';
    const base = fakeRunner([
      { match: (a) => a[0] === 'iptables-nft-save', exitCode: 1, stderr: denied, reason: 'needs-admin' },
      { match: (a) => a[0] === 'ss', exitCode: 1, reason: 'needs-admin' },
      { match: (a) => a[0] === 'sudo', stdout: '*filter\nCOMMIT\n' },
    ]);
    const runner = elevateOnDenied(base, 'sudo-n');
    const r = await runner.run({ source: 'linux.iptables.nft.save', file: 'iptables-nft-save', args: [] });
    expect(r.kind === 'ok' && r.output.stdout.toString()).toBe('*filter\nCOMMIT\n');
    await runner.run({ source: 'linux.ss' as SourceId, file: 'ss', args: ['-ltnp'] });
    expect(base.calls).toEqual([['iptables-nft-save'], ['sudo', '-n', '--', 'iptables-nft-save'], ['ss', '-ltnp']]);
    expect(elevateOnDenied(base, 'prompt')).toBe(base);
  });
});
