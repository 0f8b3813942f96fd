/**
 * The names of the private folders a remote session uploads portdoctor into (remote-portdoctor.ts makeWorkDir) and
 * removes afterwards: `/tmp/portdoctor.XXXXXXXXXX` (mktemp -d) on POSIX, `.portdoctor-<12 hex>` in the login's profile
 * folder on Windows. The binary itself tells from them that it is such a copy, and leaves nothing else behind (no
 * code cache: electron/cli/sea-loader.ts).
 */
export const POSIX_WORK_DIR = /^\/tmp\/portdoctor\.[A-Za-z0-9]{10}$/;
export const WINDOWS_WORK_DIR_PREFIX = '.portdoctor-';

/** Whether a folder's last name is one a remote session made (either platform's pattern). */
export function isRemoteWorkDirName(name: string): boolean {
  return /^portdoctor\.[A-Za-z0-9]{10}$/.test(name) || new RegExp(`^\\${WINDOWS_WORK_DIR_PREFIX}[0-9a-f]{12}$`).test(name);
}
