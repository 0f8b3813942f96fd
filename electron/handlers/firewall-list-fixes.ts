import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppliedFix } from '../../shared/schemas/firewall';
import { unavailable } from '../../shared/schemas/common';
import { say } from '../../shared/i18n/say';
import type { Said } from '../../shared/i18n/say';
import { fixPresence } from '../actions/fix-presence';
import { FixStore } from '../actions/fix-store';
import { fixDeps } from './firewall-fix';
import type { CallHandler } from './types';

const FILE = /^(fix-[a-z0-9-]{1,60})\.json$/;
const MAX = 200;

/** Why a fix is not shown present, as the list carries it: the English line, and its key to translate it. */
function detail(why: Said): Pick<AppliedFix, 'presenceDetail' | 'presenceDetailKey' | 'presenceDetailParams'> {
  // The key is kept only while the text still fits it after the length cut (keyFits would drop it anyway).
  const text = why.text.slice(0, 1000);
  return text === why.text
    ? { presenceDetail: text, presenceDetailKey: why.key, ...(why.params ? { presenceDetailParams: why.params } : {}) }
    : { presenceDetail: text };
}

/**
 * `firewall:list-fixes`: the fixes in PortDoctor's data folder (its undo records, validated), newest first, each
 * that is not undone with whether it is in the firewall being viewed (`presence`, by the identity undo proves).
 */
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
  const records = [];
  for (const name of names) {
    const id = FILE.exec(name)?.[1];
    const record = id ? await store.loadUndo(id) : null;
    if (record) records.push(record);
  }
  records.sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  // Reads only (unprivileged, or sudo -n in the CLI): a listing never prompts for a password.
  const runner = fixDeps(services)?.runner ?? null;
  const fixes: AppliedFix[] = [];
  for (const record of records.slice(0, MAX)) {
    const fix: AppliedFix = {
      id: record.id,
      planId: record.planId,
      backend: record.backend,
      summary: record.summary,
      appliedAt: record.appliedAt,
    };
    if (record.summaryKey) fix.summaryKey = record.summaryKey;
    if (record.summaryParams) fix.summaryParams = record.summaryParams;
    if (record.undoneAt) fix.undoneAt = record.undoneAt;
    else if (!runner) Object.assign(fix, { presence: 'unknown' }, detail(say('fixCheck.presence.otherPlatform')));
    else {
      const found = await fixPresence(runner, record, await store.loadPlan(record.planId));
      fix.presence = found.presence;
      if (found.why) Object.assign(fix, detail(found.why));
    }
    fixes.push(fix);
  }
  return { kind: 'ok', data: { fixes } };
};
