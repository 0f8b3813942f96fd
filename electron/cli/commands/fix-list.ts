import { engineT } from '../../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../../shared/i18n/engine-text';
import type { AppliedFix } from '../../../shared/schemas/firewall';

/** A `engine.fixCheck.*` sentence in the CLI's language. */
export function fixSay(lang: EngineLanguage, key: string, params?: EngineParams): string {
  return engineT(lang, `engine.fixCheck.${key}`, params, key);
}

/**
 * `fix --list` as a person reads it: each fix with whether it is in the firewall viewed (present here / not present
 * here / couldn't check, with why), and the undo command only for a fix that is present here.
 */
export function formatFixListText(fixes: readonly AppliedFix[], lang: EngineLanguage = 'en'): string {
  if (fixes.length === 0) return fixSay(lang, 'none');
  const lines: string[] = [];
  for (const f of fixes) {
    const state = f.undoneAt ? fixSay(lang, 'undone', { undone: f.undoneAt }) : fixSay(lang, f.presence ?? 'unknown');
    lines.push(`${f.id}  [${state}]  ${f.appliedAt}  ${f.backend}  ${f.summary}`);
    if (f.undoneAt) continue;
    if (f.presence === 'present') lines.push(`    ${fixSay(lang, 'undoWith', { id: f.id })}`, `    ${fixSay(lang, 'testWith', { id: f.id })}`);
    else if (f.presenceDetail) lines.push(`    ${f.presenceDetail}`);
  }
  return lines.join('\n');
}
