import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/program';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'pdc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const real = (name: string) => readFileSync(new URL(`../../../fixtures/capture/reports/${name}`, import.meta.url), 'utf8');

describe('diagnose refuses report files that are not ours, malformed or huge', () => {
  it.each([
    [
      'a check report passed as the client report',
      ['--client-report', file('check.json', real('nft-drop.check.json'))],
      /not a valid PortDoctor probe report \(portdoctor\.probe\/1\) \(its schema is "portdoctor\.check\/1"\)/,
    ],
    ['not JSON', ['--client-report', file('junk.json', '{"schema": "portdoctor.probe/1",')], /is not JSON/],
    ['huge', ['--client-report', file('huge.json', ' '.repeat(2 * 1024 * 1024))], /at most 1048576 bytes/],
    [
      'a probe report with a shell string as host',
      ['--client-report', file('evil.json', real('nft-drop.probe.json').replace('"host": "10.77.2.2"', '"host": "10.77.2.2;reboot"'))],
      /target\.host: not a host name/,
    ],
    [
      'a watch report with an out-of-range port',
      ['--watch-report', file('w.json', JSON.stringify({ schema: 'portdoctor.watch/1', port: 70000, peers: [] }))],
      /not a valid PortDoctor watch report/,
    ],
    ['a missing file', ['--client-report', join(dir, 'nope.json')], /cannot read .*ENOENT/],
  ])('%s', async (_name, args, message) => {
    const r = await cli('diagnose', '8080', ...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema: 'portdoctor.error/1', command: 'diagnose' });
  });

  it('--watch and --watch-report together are a usage error', async () => {
    const r = await cli('diagnose', '8080', '--watch', '3', '--watch-report', 'x.json');
    expect(r.code).toBe(2);
  });
});

describe('probe host strings', () => {
  it.each(['$(id):80', '`id`:80', 'a|b:80', 'host name:80', '127.0.0.1;id:80'])('%s is just an invalid host', async (target) => {
    const r = await cli('probe', target, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not (a host name|host:port)/);
  });
});

describe('diagnose reads a probe.json as Windows PowerShell writes it', () => {
  const probe = real('nft-drop.probe.json');
  it.each([
    ['UTF-8 with a BOM (Out-File -Encoding utf8)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(probe, 'utf8')])],
    ['UTF-16LE with a BOM (5.1’s `>`)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(probe, 'utf16le')])],
  ])('%s is accepted', async (_name, bytes) => {
    const path = join(dir, `bom-${bytes[0]}.json`);
    writeFileSync(path, bytes);
    const r = await cli('diagnose', '8080', '--client-report', path, '--replay', 'nope-not-needed', '--json');
    expect(r.stderr).not.toMatch(/is not JSON|not a valid PortDoctor probe report/);
  });
});
