import { describe, expect, it } from 'vitest';
import { POSIX_WORK_DIR, WINDOWS_WORK_DIR_PREFIX, isRemoteWorkDirName } from '../../../../electron/remote/work-dir-name';

// The folder names a remote session uploads portdoctor into, as the uploaded binary tells them (no code cache there).
describe('isRemoteWorkDirName', () => {
  it('knows both platforms` folders, as makeWorkDir names them', () => {
    expect(POSIX_WORK_DIR.test('/tmp/portdoctor.Ab3dE6gH9k')).toBe(true);
    expect(isRemoteWorkDirName('portdoctor.Ab3dE6gH9k')).toBe(true);
    expect(isRemoteWorkDirName(`${WINDOWS_WORK_DIR_PREFIX}0123456789ab`)).toBe(true);
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
  });
});
