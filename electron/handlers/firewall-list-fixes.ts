import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppliedFix } from '../../shared/schemas/firewall';
import { unavailable } from '../../shared/schemas/common';
import { FixStore } from '../actions/fix-store';
import type { CallHandler } from './types';

const FILE = /^(fix-[a-z0-9-]{1,60})\.json$/;
const MAX = 200;

/** `firewall:list-fixes`: the fixes PortDoctor applied on this host (its undo records, validated), newest first. */
export const listFixesHandler: CallHandler<'firewall:list-fixes'> = async (_request, { services }) => {
  // A replayed report's data folder is this machine's: listing it would mix this host's changes into the customer's view.
  if (services.replay) return unavailable('not-recorded', 'a report does not hold the fixes applied on its computer; run PortDoctor there');
  let names: string[];
  try {
    names = await readdir(join(services.dataDir, 'fixes'));
  } catch {
    return { kind: 'ok', data: { fixes: [] } };
  }
  const store = new FixStore(services.dataDir);
  const fixes: AppliedFix[] = [];
  for (const name of names) {
    const id = FILE.exec(name)?.[1];
    const record = id ? await store.loadUndo(id) : null;
    if (!record) continue;
    const fix: AppliedFix = { id: record.id, planId: record.planId, backend: record.backend, summary: record.summary, appliedAt: record.appliedAt };
    if (record.undoneAt) fix.undoneAt = record.undoneAt;
    fixes.push(fix);
  }
  fixes.sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  return { kind: 'ok', data: { fixes: fixes.slice(0, MAX) } };
};
