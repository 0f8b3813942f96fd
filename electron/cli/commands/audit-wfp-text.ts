import { engineT, reportText } from '../../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../../shared/i18n/engine-text';
import type { Unavailable } from '../../../shared/schemas/common';
import type { WfpAuditPlan, WfpAuditResult } from '../../../shared/schemas/wfp-audit';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';

/** A sentence of the audit window (`engine.wfpAudit.<key>`) in the reader's language. */
export function auditSay(lang: EngineLanguage) {
  return (key: string, params?: EngineParams) => engineT(lang, `engine.wfpAudit.${key}`, params, key);
}

/** An argv as typed at a Windows prompt (auditpol's arguments hold no spaces; quoted if one ever does). */
export const winCommand = (argv: readonly string[]) => argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');

/** The preview: what turns auditing on, what turns it off again afterwards, and that only what was off is undone. */
export function formatWfpAuditPlan(untrusted: WfpAuditPlan, lang: EngineLanguage = 'en'): string {
  const plan = defuseDeep(untrusted, FIELD_MAX);
  const say = auditSay(lang);
  return [
    say('planHead', { minutes: plan.minutes, protocol: plan.protocol.toUpperCase(), port: plan.port }),
    `  ${say('planGet', { command: winCommand(plan.get) })}`,
    ...plan.enable.map((a) => `  ${say('planEnable', { command: winCommand(a) })}`),
    `  ${say('planWait', { minutes: plan.minutes })}`,
    ...plan.disable.map((a) => `  ${say('planDisable', { command: winCommand(a) })}`),
    `  ${say('planOnlyChanged')}`,
  ].join('\n');
}

/** Who dropped the port in the window, as one sentence (a third-party filter is named with its provider). */
export function dropsSentence(r: WfpAuditResult, port: number, protocol: string, lang: EngineLanguage): string | null {
  const say = auditSay(lang);
  const d = r.drops;
  if (d === undefined) return null;
  const base = { proto: protocol.toUpperCase(), port };
  if (d === null) return say('noDrop', base);
  const head = { ...base, count: d.count, last: d.last, id: d.filterId };
  if (d.filter && d.owner === 'third-party') return say('thirdParty', { ...head, name: d.filter.name, provider: d.filter.provider ?? d.filter.providerKey, action: d.filter.action });
  if (d.filter && d.owner === 'windows') return say('windowsFilter', { ...head, name: d.filter.name, provider: d.filter.provider ?? d.filter.providerKey });
  return say('unknownFilter', head);
}

const OUTCOME = { done: 'outcomeDone', cancelled: 'outcomeCancelled', 'not-enabled': 'outcomeNotEnabled' } as const;

/** What the window did: who dropped the port, what was turned off again, and what the user must still run. */
export function formatWfpAuditResult(untrusted: WfpAuditResult, port: number, protocol: string, lang: EngineLanguage = 'en'): string {
  const r = defuseDeep(untrusted, FIELD_MAX);
  const say = auditSay(lang);
  const lines = [r.detail ? say(`${OUTCOME[r.outcome]}With`, { detail: reportText(lang, r.detailKey, r.detailParams, r.detail) }) : say(OUTCOME[r.outcome])];
  const drops = dropsSentence(r, port, protocol, lang);
  if (drops) lines.push(drops);
  if (r.changed.length > 0) lines.push(say('policyChanged', { changed: r.changed.length, restored: r.restored.length }));
  else if (r.outcome !== 'not-enabled') lines.push(say('policyAlreadyOn'));
  for (const a of r.undoByHand) lines.push(`  ! ${say('undoByHand', { command: winCommand(a) })}`);
  if (r.auditLog) lines.push(say('logged', { path: r.auditLog }));
  return lines.join('\n');
}

const REFUSALS: Partial<Record<Unavailable['reason'], string>> = { 'unsupported-platform': 'onlyWindows', 'not-recorded': 'replaying', 'needs-admin': 'needsAdmin' };

/** A refusal as one line in the reader's language (the reasons this window refuses with), else as the handler said. */
export function refusalText(r: Unavailable, lang: EngineLanguage): string {
  const key = REFUSALS[r.reason];
  // Translated only when the detail is that sentence's English (the handler's own refusal), never guessed.
  return key && r.detail === auditSay('en')(key) ? auditSay(lang)(key) : `unavailable (${r.reason}): ${r.detail}`;
}
