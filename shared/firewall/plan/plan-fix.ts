import { ipFamily } from '../../net/address';
import { unavailable } from '../../schemas/common';
import { planDockerExplanation, planForwardExplanation, isDockerChain } from './docker';
import { planFirewalld } from './firewalld';
import { GUIDED_CAUSES, planGuidance } from './guided';
import { planIptables } from './iptables';
import { managerOf, planManagedExplanation } from './managed';
import { planNftables } from './nftables';
import { basePlan, planSay, planSayScoped, protoPort, refuse, setSummary } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { planUfw } from './ufw';
import { parseScope, validPort } from './validate';
import { planWindows } from './windows';

/**
 * Plan the fix for a verdict: the exact commands for the firewall in charge (an allow rule, scoped to the
 * client by default), a guided fix for causes a rule cannot fix, or an explanation. Pure: nothing runs here.
 */
export function planFix(ctx: FixContext, choices: FixChoices): PlanResult {
  if (!validPort(choices.port) || (choices.protocol !== 'tcp' && choices.protocol !== 'udp'))
    return refuse('port must be 1-65535 and protocol tcp or udp');
  const scope = parseScope(choices.source ?? ctx.clientAddress);
  if (!scope) return refuse(`"${choices.source ?? ctx.clientAddress ?? ''}" is not an IP address or CIDR block`);
  if (GUIDED_CAUSES.includes(ctx.cause)) return { kind: 'ok', data: guidedPlan(ctx, choices, scope) };
  const verdict = ctx.verdict;
  // No rules loaded (nothing in charge) lets everything in: that is "nothing to fix", not a missing verdict.
  if (verdict?.decision === 'accept' && ctx.inCharge !== 'unknown') return { kind: 'ok', data: nothingPlan(ctx, choices, scope) };
  if (!verdict || ctx.inCharge === 'none' || ctx.inCharge === 'unknown') {
    return unavailable(
      'not-implemented',
      'No firewall verdict: PortDoctor plans a rule only for a firewall it has read and judged.',
      ctx.platform === 'win32' ? 'Get-NetFirewallProfile' : 'nft list ruleset',
    );
  }
  if (verdict.decision === 'unknown' || verdict.decision === 'queue') {
    return unavailable(
      'unparseable',
      `The firewall's decision could not be judged (${verdict.unknownReason ?? verdict.decision}); PortDoctor does not change a ruleset it cannot evaluate.`,
    );
  }
  // A DNATed packet stopped on the FORWARD path: an INPUT rule would not help. iptables' DOCKER-USER (the admin's
  // chain) or the admin's own FORWARD rules get the rule, matched on the client's port; Docker's chains and
  // nftables forward chains are explained.
  if (verdict.forwarded && !verdict.forwarded.local) {
    const chain = verdict.rule?.chain ?? verdict.policy?.chain;
    const filter = (verdict.rule?.table ?? verdict.policy?.table ?? 'filter') === 'filter';
    if ((ctx.inCharge === 'iptables-nft' || ctx.inCharge === 'iptables-legacy') && filter && !isDockerChain(chain)) {
      const family = verdict.forwarded.to.includes(':') ? 6 : 4;
      return planIptables(ctx, choices, scope, family, { target: chain === 'DOCKER-USER' ? 'RETURN' : 'ACCEPT' });
    }
    return { kind: 'ok', data: planForwardExplanation(ctx, choices, scope) };
  }
  if (isDockerChain(verdict.rule?.chain ?? verdict.policy?.chain)) return { kind: 'ok', data: planDockerExplanation(ctx, choices, scope) };
  const manager =
    ctx.inCharge === 'nftables' || ctx.inCharge === 'iptables-nft' || ctx.inCharge === 'iptables-legacy'
      ? managerOf(verdict, choices, scope)
      : null;
  if (manager) return { kind: 'ok', data: planManagedExplanation(ctx, choices, scope, manager) };
  return planForBackend(ctx, choices, scope);
}

function planForBackend(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  switch (ctx.inCharge) {
    case 'nftables':
      return planNftables(ctx, choices, scope);
    case 'iptables-nft':
    case 'iptables-legacy':
      return planIptables(ctx, choices, scope, scope.family ?? ipFamily(ctx.clientAddress ?? '') ?? 4);
    case 'firewalld':
      return planFirewalld(ctx, choices, scope);
    case 'ufw':
      return planUfw(ctx, choices, scope);
    case 'windows':
      return planWindows(ctx, choices, scope);
    default:
      return refuse(`no planner for ${ctx.inCharge}`);
  }
}

function guidedPlan(ctx: FixContext, choices: FixChoices, scope: Scope) {
  const plan = basePlan(ctx, choices, scope, backendOf(ctx), 'guided');
  plan.warnings = [];
  delete plan.warningKeys;
  plan.guidance = planGuidance(ctx.cause, {
    port: choices.port,
    protocol: choices.protocol,
    platform: ctx.platform,
    listeners: ctx.listeners ?? [],
  });
  setSummary(plan, planSay('cannotFix', { cause: ctx.cause, what: protoPort(choices) }));
  return plan;
}

function nothingPlan(ctx: FixContext, choices: FixChoices, scope: Scope) {
  const plan = basePlan(ctx, choices, scope, backendOf(ctx), 'nothing');
  plan.warnings = [];
  delete plan.warningKeys;
  setSummary(plan, planSayScoped('nothing', { what: protoPort(choices) }, scope));
  return plan;
}

function backendOf(ctx: FixContext) {
  return ctx.inCharge;
}
