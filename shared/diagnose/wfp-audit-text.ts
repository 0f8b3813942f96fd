import type { EngineKeyUnder } from '../i18n/engine-keys';
import type { EngineParams } from '../i18n/engine-text';
import type { Unavailable } from '../schemas/common';
import type { CheckReport } from '../schemas/report';
import type { WfpAuditPlan, WfpAuditResult } from '../schemas/wfp-audit';

/** A sentence of the audit window by its key under `engine.wfpAudit`, in the reader's language (CLI: engineT; app: t). */
export type AuditSay = (key: EngineKeyUnder<'wfpAudit'>, params?: EngineParams) => string;
/** An engine text given as English with its key, in the reader's language (translated only when the key fits). */
export type KeyedText = (key: string | undefined, params: EngineParams | undefined, text: string) => string;

/** An argv as typed at a Windows prompt (auditpol's arguments hold no spaces; quoted if one ever does). */
export const winCommand = (argv: readonly string[]) => argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');

/** The preview as lines: the head, then each step with its exact command, then the promise about the undo. */
export function wfpAuditPlanLines(
  say: AuditSay,
  plan: WfpAuditPlan,
): { head: string; steps: { text: string; command?: string }[]; leftOpen: { text: string; commands: string[] } | null } {
  const step = (key: EngineKeyUnder<'wfpAudit'>, argv: readonly string[]) => ({
    text: say(key, { command: winCommand(argv) }),
    command: winCommand(argv),
  });
  return {
    head: say('planHead', { minutes: plan.minutes, protocol: plan.protocol.toUpperCase(), port: plan.port }),
    steps: [
      step('planGet', plan.get),
      ...plan.enable.map((a) => step('planEnable', a)),
      { text: say('planWait', { minutes: plan.minutes }) },
      ...plan.disable.map((a) => step('planDisable', a)),
      { text: say('planOnlyChanged') },
    ],
    leftOpen: plan.leftOpen
      ? {
          text: say('leftOpen', { startedAt: plan.leftOpen.startedAt, port: plan.leftOpen.port }),
          commands: plan.leftOpen.undo.map(winCommand),
        }
      : null,
  };
}

/** Who dropped the port in the window, as one sentence (a third-party filter is named with its provider). */
function dropsSentence(say: AuditSay, r: WfpAuditResult, port: number, protocol: string): string | null {
  const d = r.drops;
  if (d === undefined) return null;
  const base = { proto: protocol.toUpperCase(), port };
  if (d === null) return say('noDrop', base);
  const head = { ...base, count: d.count, last: d.last, id: d.filterId };
  if (d.filter && d.owner === 'third-party')
    return say('thirdParty', {
      ...head,
      name: d.filter.name,
      provider: d.filter.provider ?? d.filter.providerKey,
      action: d.filter.action,
    });
  if (d.filter && d.owner === 'windows')
    return say('windowsFilter', { ...head, name: d.filter.name, provider: d.filter.provider ?? d.filter.providerKey });
  return say('unknownFilter', head);
}

const OUTCOME = { done: 'outcomeDone', cancelled: 'outcomeCancelled', 'not-enabled': 'outcomeNotEnabled' } as const;

/** What the window did, as sentences: outcome (with why), who dropped the port, the policy, what the user must still run. */
export function wfpAuditResultLines(say: AuditSay, keyed: KeyedText, r: WfpAuditResult, port: number, protocol: string) {
  const outcome = r.detail
    ? say(`${OUTCOME[r.outcome]}With`, { detail: keyed(r.detailKey, r.detailParams, r.detail) })
    : say(OUTCOME[r.outcome]);
  const policy =
    r.changed.length > 0
      ? say('policyChanged', { changed: r.changed.length, restored: r.restored.length })
      : r.outcome !== 'not-enabled'
        ? say('policyAlreadyOn')
        : null;
  return {
    outcome,
    drops: dropsSentence(say, r, port, protocol),
    policy,
    byHand: r.undoByHand.map((a) => ({ text: say('undoByHand', { command: winCommand(a) }), command: winCommand(a) })),
    logged: r.auditLog ? say('logged', { path: r.auditLog }) : null,
  };
}

const REFUSALS: Partial<Record<Unavailable['reason'], EngineKeyUnder<'wfpAudit'>>> = {
  'unsupported-platform': 'onlyWindows',
  'not-recorded': 'replaying',
  'needs-admin': 'needsAdmin',
};

/**
 * The window's own refusal (not Windows, a replay, not elevated) in the reader's language, or null for any other
 * answer. Translated only when the detail is that sentence's English (`english` gives it), never guessed.
 */
export function wfpAuditRefusal(say: AuditSay, english: AuditSay, r: Unavailable): string | null {
  const key = REFUSALS[r.reason];
  return key && r.detail === english(key) ? say(key) : null;
}

/** True when the firewall step says no drop was logged because auditing is off: where the app offers the window. */
export function offersWfpAudit(report: CheckReport): boolean {
  return report.steps.some((s) => s.id === 'firewall' && s.evidence.some((e) => e.key === 'engine.note.wfpAuditOff'));
}
