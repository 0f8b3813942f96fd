import { randomBytes } from 'node:crypto';

/**
 * The names of the private folders a remote session uploads portdoctor into (remote-portdoctor.ts makeWorkDir) and
 * removes afterwards: `/tmp/portdoctor.XXXXXXXXXX` (mktemp -d) on POSIX, `.portdoctor-<12 hex>` in the login's profile
 * folder on Windows. The binary itself tells from them that it is such a copy, and leaves nothing else behind (no
 * code cache: electron/cli/sea-loader.ts).
 */
export const POSIX_WORK_DIR_TEMPLATE = '/tmp/portdoctor.XXXXXXXXXX';
const POSIX_NAME = /^portdoctor\.[A-Za-z0-9]{10}$/;
const WINDOWS_NAME = /^\.portdoctor-[0-9a-f]{12}$/;

/** A new Windows work folder's name (in the login's profile folder). */
export function windowsWorkDirName(): string {
  return `.portdoctor-${randomBytes(6).toString('hex')}`;
}

/** Whether mktemp made the folder it was asked for: `/tmp/` and a name of the template's shape. */
export function isPosixWorkDir(path: string): boolean {
  return path.startsWith('/tmp/') && POSIX_NAME.test(path.slice('/tmp/'.length));
}

/** Whether a folder's last name is one a remote session made (either platform's). */
export function isRemoteWorkDirName(name: string): boolean {
  return POSIX_NAME.test(name) || WINDOWS_NAME.test(name);
}
