import { describe, expect, it } from 'vitest';
import { elevatedRunner, elevationModeFor, quoteForPrompt } from '../../../../electron/system/elevate';
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
    expect((await runner.run({ source: 'x', file: 'sh', args: ['-c', 'id'] })).kind).toBe('error');
    expect((await runner.run({ source: 'x', file: 'nft', args: ['list\nruleset'] })).kind).toBe('error');
    expect(base.calls).toEqual([]);
  });

  it('prompt: hands sudo-prompt a fully single-quoted command and maps its answer to a typed result', async () => {
    const seen: string[] = [];
    const runner = elevatedRunner(fakeRunner([]), 'prompt', (command, _o, cb) => {
      seen.push(command);
      cb(command.includes('ufw') ? new Error('User did not grant permission.') : undefined, 'ok\n', '');
    });
    const ok = await runner.run({ source: 's', file: 'nft', args: ['add', 'rule', 'inet', 'filter', 'input', 'comment', '"PortDoctor:80/tcp"'] });
    expect(ok.kind).toBe('ok');
    expect(seen[0]).toBe(`'nft' 'add' 'rule' 'inet' 'filter' 'input' 'comment' '"PortDoctor:80/tcp"'`);
    const denied = await runner.run({ source: 's', file: 'ufw', args: ['allow', '80'] });
    expect(denied.kind === 'error' && denied.error.reason).toBe('needs-admin');
    expect(quoteForPrompt(["it's"])).toBe(`'it'\\''s'`);
  });
});
