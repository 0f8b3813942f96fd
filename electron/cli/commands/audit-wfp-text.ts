import { engineT, reportText } from '../../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../../shared/i18n/engine-text';
import type { EngineKeyUnder } from '../../../shared/i18n/engine-keys';
import { wfpAuditPlanLines, wfpAuditRefusal, wfpAuditResultLines } from '../../../shared/diagnose/wfp-audit-text';
import type { Unavailable } from '../../../shared/schemas/common';
import type { WfpAuditPlan, WfpAuditResult } from '../../../shared/schemas/wfp-audit';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';

/** A sentence of the audit window (`engine.wfpAudit.<key>`) in the reader's language. */
export function auditSay(lang: EngineLanguage) {
  return (key: EngineKeyUnder<'wfpAudit'>, params?: EngineParams) => engineT(lang, `engine.wfpAudit.${key}`, params, key);
}

/** The preview: what turns auditing on, what turns it off again afterwards, and that only what was off is undone. */
export function formatWfpAuditPlan(untrusted: WfpAuditPlan, lang: EngineLanguage = 'en'): string {
  const { head, steps, leftOpen } = wfpAuditPlanLines(auditSay(lang), defuseDeep(untrusted, FIELD_MAX));
  const earlier = leftOpen ? [`! ${leftOpen.text}`, ...leftOpen.commands.map((c) => `    ${c}`)] : [];
  return [...earlier, head, ...steps.map((s) => `  ${s.text}`)].join('\n');
}

/** What the window did: who dropped the port, what was turned off again, and what the user must still run. */
export function formatWfpAuditResult(untrusted: WfpAuditResult, port: number, protocol: string, lang: EngineLanguage = 'en'): string {
  const r = wfpAuditResultLines(
    auditSay(lang),
    (key, params, text) => reportText(lang, key, params, text),
    defuseDeep(untrusted, FIELD_MAX),
    port,
    protocol,
  );
  return [r.outcome, r.drops, r.policy, ...r.byHand.map((b) => `  ! ${b.text}`), r.logged]
    .filter((l): l is string => l !== null)
    .join('\n');
}

/** A refusal as one line in the reader's language (the reasons this window refuses with), else as the handler said. */
export function refusalText(r: Unavailable, lang: EngineLanguage): string {
  return wfpAuditRefusal(auditSay(lang), auditSay('en'), r) ?? `unavailable (${r.reason}): ${r.detail}`;
}
