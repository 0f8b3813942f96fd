import { describe, expect, it } from 'vitest';
import { isPosixWorkDir, isRemoteWorkDirName, windowsWorkDirName } from '../../../../electron/remote/work-dir-name';

// The folder names a remote session uploads portdoctor into, as the uploaded binary tells them (no code cache there).
describe('isRemoteWorkDirName', () => {
  it('knows both platforms` folders, as makeWorkDir names them', () => {
    expect(isPosixWorkDir('/tmp/portdoctor.Ab3dE6gH9k')).toBe(true);
    expect(isRemoteWorkDirName('portdoctor.Ab3dE6gH9k')).toBe(true);
    expect(isRemoteWorkDirName('.portdoctor-0123456789ab')).toBe(true);
    const windows = windowsWorkDirName();
    expect(windows).toMatch(/^\.portdoctor-[0-9a-f]{12}$/);
    expect(isRemoteWorkDirName(windows)).toBe(true);
  });

  it('is no other folder', () => {
    for (const name of [
      'portdoctor',
      'bin',
      'portdoctor.Ab3dE6gH9',
      '.portdoctor-0123456789aB',
      '.portdoctor-0123456789abc',
      'xportdoctor.Ab3dE6gH9k',
      '',
    ])
      expect(isRemoteWorkDirName(name), name).toBe(false);
    for (const path of [
      '/var/tmp/portdoctor.Ab3dE6gH9k',
      '/tmp/portdoctor.Ab3dE6gH9k/x',
      '/tmp/portdoctor.Ab3dE6gH9',
      'tmp/portdoctor.Ab3dE6gH9k',
      '',
    ])
      expect(isPosixWorkDir(path), path).toBe(false);
  });
});
