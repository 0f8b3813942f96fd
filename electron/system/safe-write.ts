import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Every file PortDoctor writes goes through here (reports, summaries, the fix store, the audit log, known_hosts).
 * Run as root in a folder other users can write to, a planted symbolic link at the target would otherwise make it
 * overwrite whatever the link points at. So a whole file is written to a new temporary file in the same folder
 * (created exclusively, never through a link), flushed to disk, then put in place in one step: a reader sees the
 * old file or the new one, never half of it. A target that is a symbolic link is refused, never followed; an
 * existing target is replaced only when the caller says so (`--force`). Logs are appended to without following
 * a link either.
 */

/** Why a write was refused before anything was written; `message` is one line naming the file. */
export class WriteRefused extends Error {
  constructor(
    readonly reason: 'exists' | 'symlink' | 'not-a-file',
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'WriteRefused';
  }
}

/** Options of `writeFileAtomic`. */
export interface WriteOptions {
  /** Permission bits of a new file (before the umask): 0o600 for anything private. */
  mode: number;
  /** Replace an existing regular file (`--force`); a symbolic link is refused even then. */
  overwrite?: boolean;
}

// O_NOFOLLOW is 0 where the platform has none (Windows): there the exclusive create and the lstat checks remain.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// A FIFO planted at a log's path would block an O_WRONLY open until a reader came: non-blocking makes it fail.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

async function refuseUnsafeTarget(path: string, overwrite: boolean): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (info.isSymbolicLink())
    throw new WriteRefused('symlink', path, `${path} is a symbolic link: refusing to write through it (remove it or choose another name)`);
  if (!info.isFile()) throw new WriteRefused('not-a-file', path, `${path} exists and is not a regular file: refusing to replace it`);
  if (!overwrite) throw new WriteRefused('exists', path, `${path} exists: choose another name, or --force to replace it`);
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename itself durable; not every platform or file system can open a folder for this (Windows).
  try {
    const dir = await open(folder, constants.O_RDONLY);
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort: the file's own data was already flushed
  }
}

/**
 * Write `data` to `path` as a whole: a new temporary file beside it (O_CREAT|O_EXCL|O_NOFOLLOW, `mode`), fsync,
 * then into place. Without `overwrite` an existing target (or one that appears meanwhile) is refused; a
 * symbolic link at the target always is. Throws `WriteRefused` (one line) or the system error; on any failure
 * the target is unchanged and the temporary file removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
  const overwrite = opts.overwrite === true;
  await refuseUnsafeTarget(path, overwrite);
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path).slice(0, 64)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, opts.mode);
  let placed = false;
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (overwrite) {
      // rename replaces a link planted since the check with the file itself: the link's target is never written.
      await rename(temp, path);
    } else {
      // link() never replaces anything: a file or link that appeared since the check makes it fail with EEXIST.
      try {
        await link(temp, path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') await refuseUnsafeTarget(path, false);
        // File systems without hard links (FAT, some network mounts): check again, then rename.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
        await refuseUnsafeTarget(path, false);
        await rename(temp, path);
        placed = true;
      }
    }
    placed = placed || overwrite;
    await syncFolder(folder);
  } finally {
    if (!placed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Append `text` to a log (the audit log, known_hosts): opened O_APPEND|O_CREAT|O_NOFOLLOW with `mode`, so a
 * symbolic link planted at its path is refused, not followed; anything but a regular file is refused too.
 * The data is flushed before returning.
 */
export async function appendFileSafely(path: string, text: string, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new WriteRefused(
        'symlink',
        path,
        `${path} is a symbolic link: refusing to write through it (remove it or choose another file)`,
      );
    if (code === 'ENXIO') throw new WriteRefused('not-a-file', path, `${path} is not a regular file: refusing to write to it`);
    throw e;
  }
  try {
    if (!(await handle.stat()).isFile())
      throw new WriteRefused('not-a-file', path, `${path} is not a regular file: refusing to write to it`);
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
