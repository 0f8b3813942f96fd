// build/installer.nsh compiled for real by makensis (Debian's nsis, the NSIS 3 that electron-builder also uses),
// warnings as errors, inside a small installer that stands in for electron-builder's (LogicLib, FileFunc and its
// isUpdated test). electron-builder itself cannot run here; this catches what would break the Windows build.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' });
const available = makensis.status === 0;
const dir = mkdtempSync(join(tmpdir(), 'pd-nsis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal installer including `include` as electron-builder does, with both of its macros inserted. */
function compile(include: string) {
  const nsi = join(dir, 'harness.nsi');
  writeFileSync(
    nsi,
    [
      'Unicode true',
      // The output goes to a temporary folder, which makensis calls insecure (warning 9000): not the include's doing.
      '!pragma warning disable 9000',
      '!include LogicLib.nsh',
      '!include FileFunc.nsh',
      // electron-builder's ${isUpdated}: the old uninstaller run by an update gets --updated.
      '!macro _isUpdated _a _b _t _f',
      '  ClearErrors',
      '  ${GetParameters} $R9',
      '  ${GetOptions} $R9 "--updated" $R8',
      '  IfErrors `${_f}` `${_t}`',
      '!macroend',
      '!define isUpdated `"" isUpdated ""`',
      'Name "PortDoctor"',
      `OutFile "${join(dir, 'setup.exe')}"`,
      'InstallDir "$PROGRAMFILES64\\PortDoctor"',
      'RequestExecutionLevel admin',
      `!include "${include}"`,
      'Section "install"',
      '  !insertmacro customInstall',
      '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
      'SectionEnd',
      'Section "Uninstall"',
      '  !insertmacro customUnInstall',
      'SectionEnd',
      '',
    ].join('\n'),
  );
  rmSync(join(dir, 'setup.exe'), { force: true });
  return spawnSync('makensis', ['-V2', '-WX', nsi], { encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(!available)('build/installer.nsh under makensis', () => {
  it('compiles with warnings as errors, both macros inserted', () => {
    const r = compile(resolve('build/installer.nsh'));
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'setup.exe'))).toBe(true);
  });

  it('fails on a broken include (the check is real)', () => {
    const broken = join(dir, 'broken.nsh');
    const text = readFileSync('build/installer.nsh', 'utf8');
    const cut = text.replace('  ${EndIf}\n!macroend', '!macroend');
    expect(cut).not.toBe(text);
    writeFileSync(broken, cut);
    const r = compile(broken);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/LogicLib|EndIf|Error/);
    expect(existsSync(join(dir, 'setup.exe'))).toBe(false);
  });
});
