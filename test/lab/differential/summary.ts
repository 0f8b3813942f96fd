import type { Figures } from './run';

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)} %`);

/** The figures as README reports them: counts and percentages, never without their denominators. */
export function summary(f: Figures): Record<string, string | number> {
  const judged = f.probes - f.unknown;
  return {
    rulesets: f.rulesets,
    probes: f.probes,
    invalidDraws: f.invalid,
    wrongOk: f.wrongOk,
    unknown: `${f.unknown} (${pct(f.unknown, f.probes)})`,
    causeAgreement: `${f.causeAgree}/${judged} judged (${pct(f.causeAgree, judged)})`,
    blockedRuleAgreement: `${f.blocked.ruleAgree}/${f.blocked.judged} (${pct(f.blocked.ruleAgree, f.blocked.judged)})`,
    acceptedRuleAgreement: `${f.accepted.ruleAgree}/${f.accepted.judged} (${pct(f.accepted.ruleAgree, f.accepted.judged)})`,
    rejectFlavourAgreement: `${f.reject.agree}/${f.reject.judged} (${pct(f.reject.agree, f.reject.judged)})`,
    findings: f.findings.length,
    toolErrors: f.toolErrors.length,
  };
}
