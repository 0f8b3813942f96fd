import { unavailable } from '../../schemas/common';
import type { FixPlan } from '../../schemas/firewall';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { markerOf } from './validate';

/** The fields every plan shares, filled from the choices and the context. */
export function basePlan(ctx: FixContext, choices: FixChoices, scope: Scope, backend: FixPlan['backend'], kind: NonNullable<FixPlan['kind']>): FixPlan {
  return {
    id: ctx.id,
    backend,
    kind,
    summary: '',
    commands: [],
    warnings: scopeWarnings(ctx, choices, scope),
    target: { port: choices.port, protocol: choices.protocol, scope: scope.text },
    marker: markerOf(choices.port, choices.protocol),
    ...(ctx.createdAt ? { createdAt: ctx.createdAt } : {}),
  };
}

/** Opening a port to everyone is allowed but never silent. */
function scopeWarnings(ctx: FixContext, choices: FixChoices, scope: Scope): string[] {
  if (!scope.any) return [];
  if (choices.source === undefined && ctx.clientAddress === undefined) {
    return ['No client address was given, so this opens the port to every address. Pass --source <address or CIDR> to let in only your clients.'];
  }
  return ['This opens the port to every address.'];
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
