import { engineT, reportText } from '../../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../../shared/i18n/engine-text';
import type { AppliedFix, FixProof, FixVerifyResult } from '../../../shared/schemas/firewall';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import { evidenceText } from '../format-check';

/** A `engine.fixCheck.*` sentence in the CLI's language. */
export function fixSay(lang: EngineLanguage, key: string, params?: EngineParams): string {
  return engineT(lang, `engine.fixCheck.${key}`, params, key);
}

/**
 * `fix --list` as a person reads it: each fix with whether it is in the firewall viewed (present here / not present
 * here / couldn't check, with why), and the undo command only for a fix that is present here.
 */
export function formatFixListText(untrusted: readonly AppliedFix[], lang: EngineLanguage = 'en'): string {
  // A record's summary and a tool's message are text from the data folder and the system: one line each, never raw.
  const fixes = defuseDeep(untrusted, FIELD_MAX);
  if (fixes.length === 0) return fixSay(lang, 'none');
  const lines: string[] = [];
  for (const f of fixes) {
    const state = f.undoneAt ? fixSay(lang, 'undone', { undone: f.undoneAt }) : fixSay(lang, f.presence ?? 'unknown');
    lines.push(`${f.id}  [${state}]  ${f.appliedAt}  ${f.backend}  ${reportText(lang, f.summaryKey, f.summaryParams, f.summary)}`);
    if (f.undoneAt) continue;
    if (f.presence === 'present') lines.push(`    ${fixSay(lang, 'undoWith', { id: f.id })}`, `    ${fixSay(lang, 'testWith', { id: f.id })}`);
    else if (f.presenceDetail) lines.push(`    ${reportText(lang, f.presenceDetailKey, f.presenceDetailParams, f.presenceDetail)}`);
  }
  return lines.join('\n');
}

/** The result's headline: fixed and by which proof (real traffic or re-evaluation), or not verified. */
export function proofHeadline(fixed: boolean, proof: FixProof | undefined, lang: EngineLanguage): string {
  if (!fixed) return fixSay(lang, 'outcomeNotFixed');
  return fixSay(lang, proof?.kind === 'rule-counter' ? 'outcomeCounter' : 'outcomeReevaluated');
}

/** `fix --verify <id>` as a person reads it: the headline, the proof sentence and the re-evaluation. */
export function formatVerifyText(untrusted: FixVerifyResult, lang: EngineLanguage = 'en'): string {
  const result = defuseDeep(untrusted, FIELD_MAX);
  const lines = [`${result.id}: ${proofHeadline(result.fixed, result.proof, lang)}`, ...result.evidence.map((e) => `  ${evidenceText(e, lang)}`)];
  return lines.join('\n');
}
