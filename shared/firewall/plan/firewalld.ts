import { cidrContains } from '../../net/address';
import type { PlannedCommand } from '../../schemas/firewall';
import { basePlan, describe, planSay, planSayScoped, protoPort, refuse, setSummary, warn } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { validZone } from './validate';

/**
 * The zone the client's packets land in, as firewalld picks it: a zone bound to the client's source
 * first, then the zone of the input interface, then the default zone; failing those, the zone named
 * in the deciding chain (`filter_IN_<zone>…`).
 */
export function zoneFor(ctx: FixContext): string | null {
  const zones = ctx.firewalldZones ?? [];
  const client = ctx.clientAddress;
  const bySource = client ? zones.find((z) => z.sources.some((s) => cidrContains(s, client))) : undefined;
  const byInterface = ctx.clientInterface ? zones.find((z) => z.interfaces.includes(ctx.clientInterface ?? '')) : undefined;
  const fromChain = /^filter_IN_([A-Za-z0-9_-]+?)(?:_(?:pre|log|deny|allow|post))?$/.exec(
    ctx.verdict?.rule?.chain ?? ctx.verdict?.policy?.chain ?? '',
  )?.[1];
  const picked = bySource?.name ?? byInterface?.name ?? zones.find((z) => z.default)?.name ?? fromChain;
  if (picked === undefined || !validZone(picked)) return null;
  if (zones.length > 0 && !zones.some((z) => z.name === picked)) return null;
  return picked;
}

/** The firewall-cmd words for the change: a port for anywhere, a rich rule for a source scope. */
function changeWords(scope: Scope, choices: FixChoices): { add: string; remove: string; query: string; what: string } {
  if (scope.any) {
    const port = `${choices.port}/${choices.protocol}`;
    return { add: `--add-port=${port}`, remove: `--remove-port=${port}`, query: `--query-port=${port}`, what: `port ${port}` };
  }
  const family = scope.family === 6 ? 'ipv6' : 'ipv4';
  // firewalld parses the rich rule text itself; every value in it was validated (CIDR parsed, port an integer, protocol an enum).
  const rule = `rule family="${family}" source address="${scope.text}" port port="${choices.port}" protocol="${choices.protocol}" accept`;
  return {
    add: `--add-rich-rule=${rule}`,
    remove: `--remove-rich-rule=${rule}`,
    query: `--query-rich-rule=${rule}`,
    what: `a rich rule for ${scope.text}`,
  };
}

/** Plan a firewalld change in the zone the client comes in on: runtime and --permanent together unless persist is off. */
export function planFirewalld(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  const zone = zoneFor(ctx);
  if (zone === null) return refuse('the firewalld zone the client comes in on could not be told', 'firewall-cmd --get-active-zones');
  const plan = basePlan(ctx, choices, scope, 'firewalld', 'firewall');
  const words = changeWords(scope, choices);
  const layers: { flags: string[]; key: 'fwdRuntime' | 'fwdPermanent' }[] = [{ flags: [], key: 'fwdRuntime' }];
  if (choices.persist !== false) layers.push({ flags: ['--permanent'], key: 'fwdPermanent' });
  else warn(plan, planSay('fwdRuntimeOnly', {}));
  for (const layer of layers) {
    const head = ['firewall-cmd', ...layer.flags, `--zone=${zone}`];
    const params = { what: protoPort(choices), zone, port: `${choices.port}/${choices.protocol}` };
    const command: PlannedCommand = {
      argv: [...head, words.add],
      // Any address: the `…Any` sentence; a source scope: the rich-rule sentence, with the scope (what planSayScoped does).
      ...describe(scope.any ? planSay(`${layer.key}Any`, params) : planSay(`${layer.key}Rich`, { ...params, scope: scope.text })),
      undo: [...head, words.remove],
      source: 'linux.fix.firewalld',
      role: 'change',
      check: [...head, words.query],
      alreadyPattern: 'ALREADY_ENABLED',
    };
    plan.commands.push(command);
  }
  setSummary(plan, planSayScoped('fwdSummary', { what: protoPort(choices), zone }, scope));
  return { kind: 'ok', data: plan };
}
