import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WfpAuditLeftOpenSchema } from '../../shared/schemas/wfp-audit';
import type { WfpAuditLeftOpen } from '../../shared/schemas/wfp-audit';
import { writeFileAtomic } from '../system/safe-write';

// A window in progress is written down while auditing is on, and removed once it is off again. A process killed
// meanwhile (Task Manager, power loss) leaves the file: the next preview says which undo may still be needed.
const FILE = 'wfp-audit-open.json';
const MAX_BYTES = 16_384;

/** Note that auditing is on (when it started, for which port, and the undo commands), replacing an older note. */
export async function openJournal(dataDir: string, entry: WfpAuditLeftOpen): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(dataDir, FILE), JSON.stringify(entry), { mode: 0o600, overwrite: true });
}

/** Auditing is off again (or nothing is left to do): the note goes. */
export async function closeJournal(dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true });
}

/** A window that did not finish, or null (none, unreadable, or not our format: never guessed from a broken file). */
export async function readJournal(dataDir: string): Promise<WfpAuditLeftOpen | null> {
  try {
    const text = await readFile(join(dataDir, FILE), 'utf8');
    if (text.length > MAX_BYTES) return null;
    const parsed = WfpAuditLeftOpenSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
