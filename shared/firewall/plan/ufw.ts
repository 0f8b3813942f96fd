import { basePlan, describe, planSayScoped, protoPort, refuse, setSummary } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';

/** Plan `ufw allow proto <p> from <scope> to any port <n>` with a PortDoctor comment; undo is the matching `ufw delete`. */
export function planUfw(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  if (!ctx.verdict) return refuse('no ufw verdict to plan from', 'ufw status verbose');
  const plan = basePlan(ctx, choices, scope, 'ufw', 'firewall');
  const rule = ['allow', 'proto', choices.protocol, 'from', scope.any ? 'any' : scope.text, 'to', 'any', 'port', String(choices.port)];
  // A deny rule the user added decides before a later allow: then the allow goes to the top of ufw's list.
  const deniedByRule = ctx.verdict.rule !== undefined && ctx.verdict.decision !== 'accept';
  const verb = deniedByRule ? ['prepend'] : [];
  plan.commands.push({
    argv: ['ufw', ...verb, ...rule, 'comment', plan.marker ?? ''],
    ...describe(planSayScoped(deniedByRule ? 'ufwCommandAbove' : 'ufwCommand', { what: protoPort(choices) }, scope)),
    undo: ['ufw', 'delete', ...rule],
    source: 'linux.fix.ufw',
    role: 'change',
    alreadyPattern: 'Skipping adding existing rule',
  });
  setSummary(plan, planSayScoped('ufwSummary', { what: protoPort(choices) }, scope));
  return { kind: 'ok', data: plan };
}
