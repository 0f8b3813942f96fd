// scripts/release/notes.mjs: the release text says "unsigned" for every file that is not verifiably signed.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'pd-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hash = (c: string) => c.repeat(64);
const files = [
  'PortDoctor-Setup-1.2.3.exe',
  'portdoctor-win-x64.exe',
  'portdoctor-linux-x64',
  'portdoctor-linux-arm64',
  'portdoctor_1.2.3_amd64.deb',
  'portdoctor-1.2.3.x86_64.rpm',
  'PortDoctor-1.2.3-x86_64.AppImage',
];
const sums = join(dir, 'SHA256SUMS');
writeFileSync(sums, files.map((f, i) => `${hash('0123456789abcdef'[i] as string)}  ${f}`).join('\n') + '\n');
const FPR = '0123456789ABCDEF0123456789ABCDEF01234567';

function notes(args: string[], signing?: Record<string, string>) {
  const extra = [];
  if (signing) {
    const f = join(dir, `signing-${Object.keys(signing).length}-${Object.values(signing).join('')}.json`);
    writeFileSync(f, JSON.stringify(signing));
    extra.push('--windows-signing', f);
  }
  return spawnSync(process.execPath, ['scripts/release/notes.mjs', '--tag', 'v1.2.3', '--sums', sums, ...extra, ...args], {
    encoding: 'utf8',
  });
}

describe('release notes', () => {
  it('without any signature: unsigned first, per Windows file and for SHA256SUMS; every file listed with its sum', () => {
    const r = notes([]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('# PortDoctor v1.2.3');
    expect(lines[2]).toMatch(/^\*\*This release is unsigned\*\*/);
    expect(r.stdout).toContain('- `PortDoctor-Setup-1.2.3.exe`: **unsigned** (NotSigned): Windows SmartScreen will warn');
    expect(r.stdout).toContain('- `portdoctor-win-x64.exe`: **unsigned** (NotSigned)');
    expect(r.stdout).toContain('- `SHA256SUMS`: **unsigned** (no GPG signature)');
    for (const [i, f] of files.entries()) {
      expect(r.stdout).toContain(`${hash('0123456789abcdef'[i] as string)}  ${f}\n`);
      expect(r.stdout).toMatch(new RegExp(`\\| \`${f.replace(/\./g, '\\.')}\` \\| (?!other)`));
    }
    expect(r.stdout).toContain('| `portdoctor-linux-arm64` | Linux CLI, one file (arm64), no Node needed |');
  });

  it('partly signed: still "unsigned" in the first line, and names which file is', () => {
    const r = notes(['--gpg-fingerprint', FPR], { 'PortDoctor-Setup-1.2.3.exe': 'Valid', 'portdoctor-win-x64.exe': 'HashMismatch' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[2]).toMatch(/^\*\*This release is unsigned\*\* \(in part/);
    expect(r.stdout).toContain('- `PortDoctor-Setup-1.2.3.exe`: signed (Authenticode, verified on the runner)');
    expect(r.stdout).toContain('- `portdoctor-win-x64.exe`: **unsigned** (HashMismatch)');
    expect(r.stdout).toContain(`- \`SHA256SUMS\`: signed with GPG key \`${FPR}\``);
  });

  it('all signed: no "unsigned" anywhere', () => {
    const r = notes(['--gpg-fingerprint', FPR], { 'PortDoctor-Setup-1.2.3.exe': 'Valid', 'portdoctor-win-x64.exe': 'Valid' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/unsigned/i);
    expect(r.stdout.split('\n')[2]).toBe('Every Windows executable is Authenticode-signed and `SHA256SUMS` is GPG-signed.');
  });

  it('refuses bad input with one line and exit 2', () => {
    for (const args of [
      ['--tag', 'latest'],
      ['--gpg-fingerprint', 'abc'],
      ['--sums', join(dir, 'missing')],
    ]) {
      const r = notes(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^release notes: /);
    }
    writeFileSync(join(dir, 'bad-sums'), 'not a sums line; rm -rf /\n');
    const r = spawnSync(process.execPath, ['scripts/release/notes.mjs', '--tag', 'v1.2.3', '--sums', join(dir, 'bad-sums')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^release notes: 0: a `sha256 {2}file` line\n$/);
  });
});
