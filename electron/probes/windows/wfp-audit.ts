import type { CommandResult, CommandSpec, Runner } from '../../system/runner';
import type { SourceId } from '../../../shared/bundle/sources';
import { runConsole } from './console';
import { attributeDrops, parseWfpDrops, parseWfpFilters } from '../../../shared/firewall/windows/parse-wfp';
import { WINDOWS_SOURCES } from './sources';
import { WFP_AUDIT } from '../../../shared/firewall/windows/judge-third-party';
import { say } from '../../../shared/i18n/say';
import type { Said } from '../../../shared/i18n/say';

const GUIDS: readonly string[] = Object.values(WFP_AUDIT);
const auditpol = (source: SourceId, args: string[]): CommandSpec => ({
  source,
  file: 'auditpol.exe',
  args,
  timeoutMs: 15_000,
  localeC: false,
});

/** The exact commands of an audit window, shown before anything runs (preview) and run only as shown. */
export interface AuditWindowPlan {
  port: number;
  protocol: 'tcp' | 'udp';
  minutes: number;
  /** `auditpol /get … /r` before and after enabling: the settings are compared, never interpreted (they are translated). */
  get: CommandSpec;
  enable: CommandSpec[];
  /** Run afterwards only for the subcategories whose setting the enable changed. */
  disable: CommandSpec[];
}

/** Plan turning Filtering Platform drop auditing on for `minutes` (1–30), by subcategory GUID. */
export function planAuditWindow(port: number, protocol: 'tcp' | 'udp', minutes: number): AuditWindowPlan {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 30) throw new Error(`minutes must be 1 to 30: ${minutes}`);
  return {
    port,
    protocol,
    minutes,
    get: auditpol('windows.auditpol.wfp', ['/get', `/subcategory:${GUIDS.join(',')}`, '/r']),
    enable: GUIDS.map((g, i) => auditpol(`windows.auditpol.wfp-enable.${i + 1}`, ['/set', `/subcategory:${g}`, '/failure:enable'])),
    disable: GUIDS.map((g, i) => auditpol(`windows.auditpol.wfp-disable.${i + 1}`, ['/set', `/subcategory:${g}`, '/failure:disable'])),
  };
}

/**
 * `auditpol /get /r` CSV → the Inclusion Setting text per subcategory GUID. Rows are found by the GUID column
 * (4th, not translated); the setting (5th) is translated, so it is only compared before/after.
 */
export function parseAuditpolCsv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const cols = line.split(',');
    const guid = cols.find((c) => /^\{[0-9A-F-]{36}\}$/i.test(c.trim()));
    if (!guid) continue;
    const at = cols.indexOf(guid);
    out.set(guid.trim().toUpperCase(), (cols[at + 1] ?? '').trim());
  }
  return out;
}

/** What an audit window did: what it changed and put back, and who dropped the port meanwhile. */
export interface AuditWindowResult {
  outcome: 'done' | 'not-enabled' | 'cancelled';
  /** Subcategories whose setting the window changed (and so turned off again afterwards). */
  changed: string[];
  restored: string[];
  /** Undo commands that failed: the user must run them (shown). */
  restoreFailed: string[];
  /** Enabled, but whether the setting was off before could not be read: the undo is shown, not run. */
  unsure: string[];
  drops?: ReturnType<typeof attributeDrops>;
  /** Why the window did less than asked, as an engine sentence (`engine.wfpAudit.detail*`). */
  detail?: Said;
}

async function settings(runner: Runner, spec: CommandSpec, codePage: number | null): Promise<Map<string, string> | null> {
  const r = await runConsole(runner, spec, codePage);
  return r.kind === 'ok' ? parseAuditpolCsv(r.data.stdout) : null;
}

const failedEnable = (r: CommandResult) => r.kind !== 'ok' || r.output.exitCode !== 0;
const enabledOk = (r: CommandResult | undefined) => r !== undefined && !failedEnable(r);

/**
 * Run a confirmed audit window: read the settings, enable failure auditing of both subcategories, read them again
 * (what changed is what was off), wait while the client retries, read the drops of the port, and always turn off
 * again exactly what was turned on (also when the wait is cancelled or a step fails or throws). When the settings
 * cannot be read after enabling, nothing is turned off blind: those undo commands are returned as `unsure`.
 */
export async function runAuditWindow(
  runner: Runner,
  plan: AuditWindowPlan,
  opts: { confirmed: true; codePage: number | null; wait: (ms: number, signal?: AbortSignal) => Promise<void>; signal?: AbortSignal },
): Promise<AuditWindowResult> {
  const result: AuditWindowResult = { outcome: 'not-enabled', changed: [], restored: [], restoreFailed: [], unsure: [] };
  const before = await settings(runner, plan.get, opts.codePage);
  if (!before || GUIDS.some((g) => !before.has(g))) return { ...result, detail: say('wfpAudit.detailNotListed') };
  if (opts.signal?.aborted) return { ...result, outcome: 'cancelled', detail: say('wfpAudit.detailCancelledEarly') };
  const enabled: CommandResult[] = [];
  let compared = false;
  try {
    for (const spec of plan.enable) enabled.push(await runner.run(spec));
    const after = await settings(runner, plan.get, opts.codePage);
    if (!after) {
      // Which enable changed a setting cannot be told: the undo is shown for the user to judge, never run blind.
      result.unsure = GUIDS.filter((_, i) => enabledOk(enabled[i]));
      result.detail = say('wfpAudit.detailUnreadAfter');
      return result;
    }
    // What changed was off before: only that is turned off again. Unchanged after a successful enable was already on.
    result.changed = GUIDS.filter((g) => after.get(g) !== before.get(g));
    compared = true;
    const failed = enabled.find(failedEnable);
    if (failed) {
      result.detail = say('wfpAudit.detailEnableFailed', {
        reason: failed.kind === 'ok' ? `exit ${failed.output.exitCode}` : failed.error.detail,
      });
      return result;
    }
    result.outcome = 'done';
    try {
      await opts.wait(plan.minutes * 60_000, opts.signal);
    } catch {
      result.outcome = 'cancelled';
    }
    const text = await runConsole(runner, WINDOWS_SOURCES.wfpDrops, opts.codePage);
    const drops = text.kind === 'ok' ? parseWfpDrops(text.data.stdout, text.data.stderr) : text;
    result.drops = null;
    if (drops.kind !== 'ok') result.detail = say('wfpAudit.detailDropsUnread', { reason: drops.detail });
    else if (attributeDrops(drops.data.drops, null, plan.port, plan.protocol)) {
      const ftext = await runConsole(runner, WINDOWS_SOURCES.wfpFilters, opts.codePage);
      const filters = ftext.kind === 'ok' ? parseWfpFilters(ftext.data.stdout, ftext.data.stderr) : ftext;
      result.drops = attributeDrops(drops.data.drops, filters.kind === 'ok' ? filters.data : null, plan.port, plan.protocol);
    }
    return result;
  } catch (e) {
    // A step that throws (not a failed command) still ends in the undo below; what it was is kept for the user.
    result.detail = say('wfpAudit.detailStopped', { reason: (e as Error).message });
    if (!compared) {
      // The enable that threw may have run: it and every enable that succeeded are the user's to judge.
      result.outcome = 'not-enabled';
      result.unsure = GUIDS.filter((_, i) => i === enabled.length || enabledOk(enabled[i]));
    }
    return result;
  } finally {
    for (const g of result.changed) {
      const spec = plan.disable[GUIDS.indexOf(g)];
      if (!spec) continue;
      const r = await runner.run(spec).catch(() => null);
      (r?.kind === 'ok' && r.output.exitCode === 0 ? result.restored : result.restoreFailed).push(g);
    }
  }
}
