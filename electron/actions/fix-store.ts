import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FixPlanSchema } from '../../shared/schemas/firewall';
import type { FixPlan } from '../../shared/schemas/firewall';
import { writeFileAtomic } from '../system/safe-write';
import { UndoRecordSchema } from './types';
import type { UndoRecord } from './types';

const ID = /^[a-z0-9-]{1,64}$/;
const MAX_FILE_BYTES = 1024 * 1024;

/** A fresh id for a plan or a fix (`fix-` + 12 hex digits): safe as a file name and on a command line. */
export function newId(prefix: 'plan' | 'fix'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

async function writeJson(dir: string, id: string, value: unknown): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${id}.json`);
  // Written whole then renamed, so a crash never leaves half a record where undo would read it; never through a link.
  await writeFileAtomic(path, JSON.stringify(value, null, 2), { mode: 0o600, overwrite: true });
}

async function readJson(dir: string, id: string): Promise<unknown> {
  if (!ID.test(id)) return null;
  try {
    const text = await readFile(join(dir, `${id}.json`), 'utf8');
    return text.length > MAX_FILE_BYTES ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/**
 * Plans (by planId, so `firewall:apply-fix` applies exactly what was previewed) and undo records (by fix id),
 * kept in memory and under the data folder so the CLI's `--undo <id>` works in a later process. Files are
 * validated on read: the data folder is not trusted to hold only what PortDoctor wrote.
 */
export class FixStore {
  private readonly plans = new Map<string, FixPlan>();

  constructor(private readonly dataDir: string) {}

  /** Keep a plan for a later apply. */
  async savePlan(plan: FixPlan): Promise<void> {
    this.plans.set(plan.id, plan);
    await writeJson(join(this.dataDir, 'plans'), plan.id, plan);
  }

  /** The plan with this id, or null. */
  async loadPlan(id: string): Promise<FixPlan | null> {
    const inMemory = this.plans.get(id);
    if (inMemory) return inMemory;
    const parsed = FixPlanSchema.safeParse(await readJson(join(this.dataDir, 'plans'), id));
    return parsed.success && parsed.data.id === id ? parsed.data : null;
  }

  /** Keep what undo needs for an applied fix. */
  async saveUndo(record: UndoRecord): Promise<void> {
    await writeJson(join(this.dataDir, 'fixes'), record.id, record);
  }

  /** The undo record with this id, or null. */
  async loadUndo(id: string): Promise<UndoRecord | null> {
    const parsed = UndoRecordSchema.safeParse(await readJson(join(this.dataDir, 'fixes'), id));
    return parsed.success && parsed.data.id === id ? parsed.data : null;
  }
}
