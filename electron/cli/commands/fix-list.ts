import { engineT, keyFits, reportText } from '../../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../../shared/i18n/engine-text';
import type { EngineKeyUnder } from '../../../shared/i18n/engine-keys';
import type { AppliedFix, FixPlan, FixProof, FixResult, FixVerifyResult } from '../../../shared/schemas/firewall';
import { displayCommand } from '../../system/runner';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import { evidenceText } from '../format-check';

/** A `engine.fixCheck.*` sentence in the CLI's language. */
export function fixSay(lang: EngineLanguage, key: EngineKeyUnder<'fixCheck'>, params?: EngineParams): string {
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
    if (f.presence === 'present')
      lines.push(`    ${fixSay(lang, 'undoWith', { id: f.id })}`, `    ${fixSay(lang, 'testWith', { id: f.id })}`);
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
  const lines = [
    `${result.id}: ${proofHeadline(result.fixed, result.proof, lang)}`,
    ...result.evidence.map((e) => `  ${evidenceText(e, lang)}`),
  ];
  return lines.join('\n');
}

/** A CLI sentence (`engine.cli.<key>`) in the reader's language. */
export function cliSay(lang: EngineLanguage) {
  return (key: EngineKeyUnder<'cli'>, params?: EngineParams) => engineT(lang, `engine.cli.${key}`, params, key);
}

/** The plan as a person reads it: what it does, each command in order (copyable), warnings, guidance. */
export function formatPlanText(untrusted: FixPlan, lang: EngineLanguage = 'en'): string {
  const plan = defuseDeep(untrusted, FIELD_MAX);
  const say = cliSay(lang);
  const lines = [reportText(lang, plan.summaryKey, plan.summaryParams, plan.summary), ''];
  plan.commands.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${reportText(lang, c.descriptionKey, c.descriptionParams, c.description)}`, `       ${displayCommand(c.argv)}`);
    if (c.undo)
      lines.push(`       ${say('planUndo', { command: displayCommand(c.undo).replace("'{handle}'", say('handlePlaceholder')) })}`);
  });
  for (const w of plan.warnings) {
    const k = plan.warningKeys?.find((x) => keyFits(x.key, x.params, w));
    lines.push(`  ! ${k ? reportText(lang, k.key, k.params, w) : w}`);
  }
  for (const g of plan.guidance ?? []) {
    lines.push('', `  ${reportText(lang, g.titleKey, g.titleParams, g.title)}: ${reportText(lang, g.textKey, g.textParams, g.text)}`);
    for (const c of g.commands ?? []) lines.push(`       ${c}`);
  }
  return lines.join('\n');
}

/** What applying did, which proof "fixed" rests on, and how to undo it. */
export function formatResultText(untrusted: FixResult, lang: EngineLanguage = 'en'): string {
  const result = defuseDeep(untrusted, FIELD_MAX);
  const say = cliSay(lang);
  const lines = [
    say('outcomeLine', {
      fixOutcome: result.outcome ?? (result.fixed ? 'applied' : 'failed'),
      proof: proofHeadline(result.fixed, result.proof, lang),
    }),
  ];
  for (const r of result.runs ?? [])
    lines.push(
      `  [${r.status}] ${displayCommand(r.argv)}${r.status === 'failed' && r.output ? `\n           ${r.output.split('\n')[0] ?? ''}` : ''}`,
    );
  for (const e of result.evidence) lines.push(`  ${evidenceText(e, lang)}`);
  for (const n of result.next ?? []) lines.push(`  ${say('fixNext', { next: n })}`);
  if (result.undoId) lines.push(`  ${say('undoWith', { command: `portdoctor fix --undo ${result.undoId}` })}`);
  return lines.join('\n');
}
