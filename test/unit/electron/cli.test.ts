import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('portdoctor CLI', () => {
  it('lists every command of the design in --help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['check', 'probe', 'watch', 'diagnose', 'ports', 'fix', 'collect', 'web'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const check = await cli('check', '--help');
    expect(check.stdout).toContain('--replay <file>');
    expect(check.stdout).toContain('--json');
  });

  it.each([
    [['check', '0'], /0 is not a port/],
    [['check', '70000'], /70000 is not a port/],
    [['check', 'abc'], /"abc" is not a port/],
    [['check', '80', '--source', '10.0.0.1;id'], /not an IP address/],
    [['check', '80', '--protocol', 'icmp'], /not tcp or udp/],
    [['probe', 'a;b:80'], /not a host name/],
    [['probe', 'example.com'], /not host:port/],
    [['probe', '[::1]:99999'], /not a port/],
    [['watch', '80'], /--seconds/],
    [['fix', '80', '--source', '10.0.0.0/99'], /not an IP address or CIDR/],
    [['nonsense'], /unknown command/],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a --replay file that is not a report bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-cli-'));
    writeFileSync(join(dir, 'x.json'), '{"schema":"something-else"}');
    const r = await cli('check', '8080', '--replay', join(dir, 'x.json'), '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema: 'portdoctor.error/1', command: 'check' });
    expect(r.stderr).toMatch(/not a PortDoctor report bundle/);
    const missing = await cli('ports', '--replay', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });

  it('collect --out writes a bundle that --replay accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-cli-'));
    const out = join(dir, 'r.portdoctor.json');
    const r = await cli('collect', '--out', out, '--port', '8080', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema: 'portdoctor.collect/1', out });
    const replay = await cli('ports', '--replay', out, '--json');
    expect(replay.stdout.length).toBeGreaterThan(0);
    expect(() => JSON.parse(replay.stdout)).not.toThrow();
  });
});

describe('the built CLI as a process', () => {
  const bin = join(process.cwd(), 'bin', 'portdoctor.js');
  const built = join(process.cwd(), 'dist', 'cli', 'portdoctor.js');

  it('is built (npm test builds first)', () => {
    expect(existsSync(built), 'run `npm run build` first').toBe(true);
  });

  it('prints exactly one JSON document on stdout with --json, whatever happens', () => {
    for (const argv of [
      ['check', '8080', '--json'],
      ['ports', '--json'],
      ['probe', '127.0.0.1:1', '--json', '--timeout', '500'],
      ['check', '0', '--json'],
    ]) {
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', timeout: 60_000 });
      expect([0, 1, 2], argv.join(' ')).toContain(r.status);
      if (argv[1] === '0') continue;
      expect(() => JSON.parse(r.stdout), `${argv.join(' ')} → ${r.stdout.slice(0, 200)}`).not.toThrow();
    }
  });

  it('decodes a Windows report in GBK (iconv-lite, loaded on first use from the bundle)', () => {
    const bundle = join(process.cwd(), 'test', 'fixtures', 'windows-bundles', 'port-excluded-dynamic.zh-CN.portdoctor.json');
    const r = spawnSync(process.execPath, [bin, 'check', '50000', '--replay', bundle, '--json'], { encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(r.stdout) as { verdict: { cause: string; fixes: { id: string }[] } };
    expect(report.verdict.cause).toBe('port-excluded');
    expect(report.verdict.fixes.map((f) => f.id)).toContain('release-winnat');
  });

  it('answers --version with the package version', () => {
    const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
