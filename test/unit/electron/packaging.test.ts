import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { FuseV1Options } from '@electron/fuses';
import forge, { FUSES } from '../../../forge.config';

const builder = JSON.parse(readFileSync('electron-builder.json', 'utf8')) as Record<string, Record<string, unknown>>;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string>>;

describe('packaging configuration', () => {
  it('builds a per-machine NSIS installer that runs elevated', () => {
    expect(builder.win?.requestedExecutionLevel).toBe('requireAdministrator');
    expect(builder.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(JSON.stringify(builder.win?.target)).toContain('nsis');
  });

  it('builds deb, rpm and AppImage for Linux', () => {
    expect(builder.linux?.target).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('ships the icons and installer resources it names', () => {
    for (const file of ['build/icon.ico', 'build/icon.png', 'build/installer.nsh', 'build/icons/256x256.png'])
      expect(existsSync(file), file).toBe(true);
    const ico = readFileSync('build/icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
  });

  it('flips the same fuses in Forge and electron-builder (RunAsNode off, ASAR only, integrity on)', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(builder.electronFuses).toEqual({
      runAsNode: FUSES[FuseV1Options.RunAsNode],
      enableCookieEncryption: FUSES[FuseV1Options.EnableCookieEncryption],
      enableNodeOptionsEnvironmentVariable: FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      enableNodeCliInspectArguments: FUSES[FuseV1Options.EnableNodeCliInspectArguments],
      enableEmbeddedAsarIntegrityValidation: FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: FUSES[FuseV1Options.OnlyLoadAppFromAsar],
      grantFileProtocolExtraPrivileges: FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges],
    });
    expect(forge.plugins?.length).toBe(2);
  });

  it('pins Node 22 (one version: .nvmrc) and keeps the scripts the README promises', () => {
    expect(pkg.engines?.node).toBe(`^${readFileSync('.nvmrc', 'utf8').trim()}`);
    expect(readFileSync('.nvmrc', 'utf8').trim()).toMatch(/^22\.\d+\.\d+$/);
    for (const s of ['start', 'build', 'typecheck', 'lint', 'test', 'web', 'bench', 'dist']) expect(pkg.scripts?.[s], s).toBeTruthy();
    expect(pkg.main).toBe('.vite/build/main.cjs');
  });

  it('builds the Electron main, preload and renderer where electron-builder looks for them', () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--electron'], { stdio: 'pipe', timeout: 120_000 });
    for (const f of ['.vite/build/main.cjs', '.vite/build/preload.cjs', '.vite/renderer/main_window/index.html'])
      expect(existsSync(f), f).toBe(true);
    const preload = readFileSync('.vite/build/preload.cjs', 'utf8');
    expect(preload).toMatch(/require\(["']electron["']\)/);
    expect(preload).not.toMatch(/require\(["']node:/);
    const html = readFileSync('.vite/renderer/main_window/index.html', 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';/);
    expect(html).not.toMatch(/<script>(?!<)/);
  }, 120_000);
});
