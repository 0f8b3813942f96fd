import { unavailable } from '../../schemas/common';
import type { FixPlan, Guidance } from '../../schemas/firewall';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { markerOf } from './validate';
import { say } from '../../i18n/say';
import type { Said } from '../../i18n/say';
import type { EngineParams } from '../../i18n/engine-text';
import type { EngineKeyUnder } from '../../i18n/engine-keys';

/** A plan sentence's key under `engine.plan`. */
export type PlanKey = EngineKeyUnder<'plan'>;
/** A plan sentence that has a `…Any` form for a fix open to any address. */
export type ScopedPlanKey = { [K in PlanKey]: `${K}Any` extends PlanKey ? K : never }[PlanKey];

/** A plan sentence from `engine.plan.<key>`. */
export function planSay(key: PlanKey, params: EngineParams): Said {
  return say(`plan.${key}`, params);
}

/** A plan sentence for a source scope: the `…Any` form when it is any address (no English in params), else with the scope. */
export function planSayScoped(key: ScopedPlanKey, params: EngineParams, scope: Scope | undefined): Said {
  if (!scope) return say(`plan.${key}`, params);
  return scope.any ? say(`plan.${key}Any`, params) : say(`plan.${key}`, { ...params, scope: scope.text });
}

/** A command description with its key. */
export function describe(s: Said): { description: string; descriptionKey: string; descriptionParams?: EngineParams } {
  return { description: s.text, descriptionKey: s.key, ...(s.params ? { descriptionParams: s.params } : {}) };
}

type GuideKey = EngineKeyUnder<'guide'>;
/** A guidance block's id: `engine.guide.<id>Text` exists. */
export type GuideId = { [K in GuideKey]: K extends `${infer I}Text` ? I : never }[GuideKey];
/** A guidance block with its own title sentence too: `engine.guide.<id>Title`. */
export type TitledGuideId = { [I in GuideId]: `${I}Title` extends GuideKey ? I : never }[GuideId];

/** A guidance block whose text comes from `engine.guide.<id>Text`, titled with a product name as it is. */
export function guide(id: GuideId, title: string, params: EngineParams = {}, commands?: string[]): Guidance {
  return guidance(title, say(`guide.${id}Text`, given(params)), commands);
}

/** A guidance block whose title and text come from `engine.guide.<id>Title` / `<id>Text`. */
export function guideSaid(id: TitledGuideId, params: EngineParams = {}, commands?: string[]): Guidance {
  return guidance(say(`guide.${id}Title`, given(params)), say(`guide.${id}Text`, given(params)), commands);
}

const given = (params: EngineParams): EngineParams | undefined => (Object.keys(params).length > 0 ? params : undefined);

function guidance(title: string | Said, x: Said, commands: string[] | undefined): Guidance {
  return {
    ...(typeof title === 'string'
      ? { title }
      : { title: title.text, titleKey: title.key, ...(title.params ? { titleParams: title.params } : {}) }),
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
