import { Option } from 'commander';
import { engineLanguage, engineT, reportText } from '../../shared/i18n/engine-text';
import type { EngineLanguage, EngineParams } from '../../shared/i18n/engine-text';
import type { EngineKeyUnder } from '../../shared/i18n/engine-keys';
import type { CheckReport, Evidence } from '../../shared/schemas/report';
import { verdictLead } from '../../shared/report/verdict-lead';
import { defuseDeep, FIELD_MAX } from '../../shared/text/defuse';

const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: '????', skipped: 'SKIP' };

/** `--lang <en|zh-CN>` for text output; without it, a `LANG=zh_CN…` locale picks Chinese (`--json` is English + keys). */
export function langOption(): Option {
  return new Option('--lang <lang>', 'language of the text output').choices(['en', 'zh-CN']);
}

/** The language for text output: `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG), else English. */
export function cliLanguage(lang: string | undefined, env: Record<string, string | undefined>): EngineLanguage {
  if (lang === 'en' || lang === 'zh-CN') return lang;
  return engineLanguage(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

/** An evidence line in the chosen language (its English text when the engine gave no key). */
export function evidenceText(e: Evidence, lang: EngineLanguage): string {
  return reportText(lang, e.key, e.params, e.text);
}

/** The verdict as a person reads it first: the cause in plain words, its proof, the one action, then why. */
export function verdictLines(report: CheckReport, lang: EngineLanguage): string[] {
  const say = (key: EngineKeyUnder<'cli'>, params?: EngineParams) => engineT(lang, `engine.cli.${key}`, params, key);
  const v = report.verdict;
  const sentence = engineT(lang, `engine.verdict.${v.cause}`, { steps: '?' }, v.cause);
  const plain = v.cause === 'unknown' ? reportText(lang, v.summaryKey, v.summaryParams, v.summary) : sentence;
  const lead = verdictLead(report);
  const lines = [say(v.partial ? 'verdictPartial' : 'verdict', { verdict: plain, causeId: v.cause })];
  for (const e of lead.proof) lines.push(`  ${say('proof', { proof: evidenceText(e, lang) })}`);
  if (lead.action) {
    lines.push(`  ${say('action', { action: reportText(lang, lead.action.titleKey, lead.action.titleParams, lead.action.title) })}`);
    const first = lead.action.commands?.[0];
    if (first) lines.push(`      $ ${first}`);
  }
  if (lead.summaryAdds && v.cause !== 'unknown')
    lines.push(`  ${say('why', { why: reportText(lang, v.summaryKey, v.summaryParams, v.summary) })}`);
  return lines;
}

/** A check/diagnose report as text for people: verdict first, then each step with its evidence. */
export function formatCheckText(untrusted: CheckReport, lang: EngineLanguage = 'en'): string {
  // Every value (a process name, a rule comment, a replayed host name) as one field: no line of its own, cut when huge.
  const report = defuseDeep(untrusted, FIELD_MAX);
  const say = (key: EngineKeyUnder<'cli'>, params?: EngineParams) => engineT(lang, `engine.cli.${key}`, params, key);
  const lines: string[] = [];
  const t = report.target;
  const head = { protocol: t.protocol.toUpperCase(), port: t.port };
  lines.push(t.source ? say('headerSource', { ...head, source: t.source }) : say('header', head));
  if (report.replayed) lines.push(say('replayed', { host: report.replayed.hostname, time: report.replayed.recordedAt }));
  lines.push('');
  lines.push(...verdictLines(report, lang), '');
  for (const step of report.steps) {
    const summary = step.summary ? reportText(lang, step.summaryKey, step.summaryParams, step.summary) : '';
    lines.push(`[${MARK[step.status] ?? step.status}] ${say(step.id)}${summary ? ` — ${summary}` : ''}`);
    if (step.reason)
      lines.push(`       ${say('reason', { reason: engineT(lang, `engine.reason.${step.reason}`, undefined, step.reason) })}`);
    for (const e of step.evidence.slice(0, 12)) {
      lines.push(`       ${evidenceText(e, lang)}`);
      if (e.command) lines.push(`         $ ${e.command}`);
    }
    if (step.evidence.length > 12) lines.push(`       ${say('more', { count: step.evidence.length - 12 })}`);
  }
  if (report.verdict.fixes.length > 0) {
    lines.push('');
    lines.push(say('fixes'));
    for (const fix of report.verdict.fixes) {
      lines.push(`  - ${reportText(lang, fix.titleKey, fix.titleParams, fix.title)}`);
      // Guided fixes carry their steps in the detail (e.g. a cloud console path); text users need them too.
      if (fix.kind === 'guided' && fix.detail) lines.push(`    ${reportText(lang, fix.detailKey, fix.detailParams, fix.detail)}`);
      for (const c of fix.commands ?? []) lines.push(`      $ ${c}`);
    }
  }
  return lines.join('\n');
}
