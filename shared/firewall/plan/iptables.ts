import { endpoint } from '../../net/address';
import type { PlannedCommand } from '../../schemas/firewall';
import { basePlan, describe, planSay, planSayScoped, protoPort, refuse, setSummary, warn } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { validIptablesChain } from './validate';

const TABLES = ['filter', 'raw', 'mangle', 'security'] as const;

/** The binary that edits the backend holding the rules: iptables-nft and iptables-legacy are different rulesets. */
function binaryOf(backend: 'iptables-nft' | 'iptables-legacy', family: 4 | 6): string {
  const base = family === 6 ? 'ip6tables' : 'iptables';
  return backend === 'iptables-nft' ? `${base}-nft` : `${base}-legacy`;
}

/**
 * The rule's match and target, identical for insert, check (-C) and delete (-D): so undo removes exactly this rule.
 * For a DNATed packet (`forward`) the port the client used is matched through conntrack, since the packet itself
 * now carries the container's port; in DOCKER-USER the target is RETURN, handing it back to Docker's own rules.
 */
function ruleSpec(scope: Scope, choices: FixChoices, marker: string, forward?: { target: 'RETURN' | 'ACCEPT' }): string[] {
  const source = scope.any ? [] : ['-s', scope.text];
  const port = forward
    ? ['-m', 'conntrack', '--ctorigdstport', String(choices.port)]
    : ['-m', choices.protocol, '--dport', String(choices.port)];
  return [...source, '-p', choices.protocol, ...port, '-m', 'comment', '--comment', marker, '-j', forward?.target ?? 'ACCEPT'];
}

/** How this distro saves iptables rules, as a command re-run after every change and undo. */
function persistCommands(ctx: FixContext, family: 4 | 6): PlannedCommand[] {
  if (ctx.iptablesPersistence === 'netfilter-persistent') {
    return [
      { argv: ['netfilter-persistent', 'save'], ...describe(planSay('saveNetfilter', {})), source: 'linux.fix.persist', role: 'persist' },
    ];
  }
  if (ctx.iptablesPersistence === 'iptables-service') {
    const service = family === 6 ? 'ip6tables' : 'iptables';
    return [
      {
        argv: ['service', service, 'save'],
        ...describe(planSay('saveService', { service })),
        source: 'linux.fix.persist',
        role: 'persist',
      },
    ];
  }
  return [];
}

/**
 * Plan an iptables allow rule inserted just before the deciding rule (`-I <chain> <pos>`), marked with `-m comment`.
 * `forward`: the verdict is the FORWARD path's, for a DNATed packet (a Docker published port).
 */
export function planIptables(
  ctx: FixContext,
  choices: FixChoices,
  scope: Scope,
  family: 4 | 6,
  forward?: { target: 'RETURN' | 'ACCEPT' },
): PlanResult {
  const backend = ctx.inCharge;
  if (backend !== 'iptables-nft' && backend !== 'iptables-legacy') return refuse('not an iptables backend');
  const verdict = ctx.verdict;
  if (!verdict) return refuse('no iptables verdict to plan from', 'iptables-save');
  const table = verdict.rule?.table ?? verdict.policy?.table ?? 'filter';
  const chain = verdict.rule?.chain ?? verdict.policy?.chain;
  const known = TABLES.find((t) => t === table);
  if (!known)
    return refuse(`PortDoctor adds allow rules only to the filter, raw, mangle or security table, not "${table}"`, 'iptables-save');
  if (chain === undefined || !validIptablesChain(chain))
    return refuse(`"${chain ?? ''}" is not a chain name PortDoctor will use`, 'iptables-save');
  const position = verdict.rule?.position;
  if (verdict.rule && (position === undefined || !Number.isInteger(position) || position < 1))
    return refuse('the deciding rule has no position in its chain', `iptables -t ${known} -L ${chain} --line-numbers -n`);
  if (!scope.any && scope.family !== family) return refuse(`an IPv${scope.family ?? ''} scope does not match the IPv${family} packet`);
  const plan = basePlan(ctx, choices, scope, backend, 'firewall');
  const bin = binaryOf(backend, family);
  const spec = ruleSpec(scope, choices, plan.marker ?? '', forward);
  const to = verdict.forwarded;
  if (forward && to) warn(plan, planSay('iptForwarded', { to: endpoint(to.to, to.port), port: choices.port }));
  const head = [bin, '-w', '5', '-t', known];
  const where = position !== undefined ? ['-I', chain, String(position)] : ['-A', chain];
  plan.commands.push({
    argv: [...head, ...where, ...spec],
    ...describe(
      position !== undefined
        ? planSayScoped('iptInsert', { what: protoPort(choices), position, chain, table: known }, scope)
        : planSayScoped('iptAppend', { what: protoPort(choices), chain, table: known, policy: verdict.policy?.policy ?? '' }, scope),
    ),
    undo: [...head, '-D', chain, ...spec],
    source: `linux.fix.${backend}`,
    role: 'change',
    check: [...head, '-C', chain, ...spec],
  });
  if (choices.persist !== false) {
    const persist = persistCommands(ctx, family);
    plan.commands.push(...persist);
    if (persist.length === 0) warn(plan, planSay('iptNoPersist', {}));
  }
  setSummary(plan, planSayScoped('iptSummary', { what: protoPort(choices), backend, table: known, chain }, scope));
  return { kind: 'ok', data: plan };
}
