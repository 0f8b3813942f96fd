import { unavailable } from '../../schemas/common';
import type { FixPlan, Guidance } from '../../schemas/firewall';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { markerOf } from './validate';
import { say } from '../../i18n/say';
import type { Said } from '../../i18n/say';
import type { EngineParams } from '../../i18n/engine-text';

/** A plan sentence from `engine.plan.<key>`; with a scope, the `…Any` form when it is any address (no English in params). */
export function planSay(key: string, params: EngineParams, scope?: Scope): Said {
  if (!scope) return say(`plan.${key}`, params);
  return scope.any ? say(`plan.${key}Any`, params) : say(`plan.${key}`, { ...params, scope: scope.text });
}

/** A command description with its key. */
export function describe(s: Said): { description: string; descriptionKey: string; descriptionParams?: EngineParams } {
  return { description: s.text, descriptionKey: s.key, ...(s.params ? { descriptionParams: s.params } : {}) };
}

/** A guidance block whose title and text come from `engine.guide.<id>Title` / `<id>Text`; a product name as title stays as it is. */
export function guide(id: string, title: string | null, params: EngineParams = {}, commands?: string[]): Guidance {
  const p = Object.keys(params).length > 0 ? params : undefined;
  const t = title === null ? say(`guide.${id}Title`, p) : null;
  const x = say(`guide.${id}Text`, p);
  return {
    ...(t ? { title: t.text, titleKey: t.key, ...(t.params ? { titleParams: t.params } : {}) } : { title: title ?? '' }),
    text: x.text,
    textKey: x.key,
    ...(x.params ? { textParams: x.params } : {}),
    ...(commands ? { commands } : {}),
  };
}

/** Set the plan's summary with its key. */
export function setSummary(plan: FixPlan, s: Said): void {
  plan.summary = s.text;
  plan.summaryKey = s.key;
  if (s.params) plan.summaryParams = s.params;
}

/** Add a warning with its key. */
export function warn(plan: FixPlan, s: Said): void {
  plan.warnings.push(s.text);
  plan.warningKeys = [...(plan.warningKeys ?? []), { key: s.key, ...(s.params ? { params: s.params } : {}) }];
}

/** The fields every plan shares, filled from the choices and the context. */
export function basePlan(
  ctx: FixContext,
  choices: FixChoices,
  scope: Scope,
  backend: FixPlan['backend'],
  kind: NonNullable<FixPlan['kind']>,
): FixPlan {
  return {
    id: ctx.id,
    backend,
    kind,
    summary: '',
    commands: [],
    ...scopeWarnings(ctx, choices, scope),
    target: { port: choices.port, protocol: choices.protocol, scope: scope.text },
    marker: markerOf(choices.port, choices.protocol),
    ...(ctx.createdAt ? { createdAt: ctx.createdAt } : {}),
  };
}

/** Opening a port to everyone is allowed but never silent. */
function scopeWarnings(ctx: FixContext, choices: FixChoices, scope: Scope): Pick<FixPlan, 'warnings' | 'warningKeys'> {
  if (!scope.any) return { warnings: [] };
  const s = say(choices.source === undefined && ctx.clientAddress === undefined ? 'plan.openToAllNoClient' : 'plan.openToAll');
  return { warnings: [s.text], warningKeys: [{ key: s.key }] };
}

/** A refusal: the plan cannot be built safely, with the command that shows what the planner needed. */
export function refuse(detail: string, command?: string): PlanResult {
  return unavailable('unparseable', detail, command);
}

/** Escape text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Upper-case protocol for messages (`TCP 8080`). */
export function protoPort(choices: FixChoices): string {
  return `${choices.protocol.toUpperCase()} ${choices.port}`;
}

/** Words for the scope in summaries. */
export function scopeWords(scope: Scope): string {
  return scope.any ? 'any address' : scope.text;
}
