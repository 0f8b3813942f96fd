import type { FirewallVerdict } from '../types';
import { basePlan, describe, escapeRegExp, planSay, planSayScoped, protoPort, refuse, setSummary, warn } from './plan-base';
import type { FixChoices, FixContext, PlanResult, Scope } from './types';
import { parseNftTable, validNftName } from './validate';

/** Where the allow rule goes: the deciding rule's chain, before its handle; or appended to the chain whose policy decided. */
interface NftSpot {
  family: 'ip' | 'ip6' | 'inet';
  table: string;
  chain: string;
  beforeHandle?: number;
}

function spotOf(verdict: FirewallVerdict): NftSpot | string {
  const tableRef = verdict.rule?.table ?? verdict.policy?.table;
  const chain = verdict.rule?.chain ?? verdict.policy?.chain;
  if (tableRef === undefined || chain === undefined) return 'the verdict names no table and chain';
  const table = parseNftTable(tableRef);
  if (!table) return `"${tableRef}" is not a table name PortDoctor will use`;
  if (!validNftName(chain)) return `"${chain}" is not a chain name PortDoctor will use`;
  if (table.family !== 'ip' && table.family !== 'ip6' && table.family !== 'inet')
    return `a ${table.family} table does not filter input by address`;
  if (verdict.rule && verdict.rule.handle === undefined) return 'the deciding rule has no handle';
  const handle = verdict.rule?.handle;
  if (handle !== undefined && (!Number.isInteger(handle) || handle < 1)) return 'the deciding rule has no valid handle';
  return { family: table.family, table: table.name, chain, ...(handle !== undefined ? { beforeHandle: handle } : {}) };
}

/** The nft words that match the packet: source scope (family-aware), protocol and port. */
function matchWords(spot: NftSpot, scope: Scope, choices: FixChoices): string[] | string {
  const saddr: string[] = [];
  if (!scope.any) {
    if (spot.family === 'ip' && scope.family === 6) return 'an IPv6 scope cannot go into an ip (IPv4) table';
    if (spot.family === 'ip6' && scope.family === 4) return 'an IPv4 scope cannot go into an ip6 table';
    saddr.push(scope.family === 6 ? 'ip6' : 'ip', 'saddr', scope.text);
  }
  return [...saddr, choices.protocol, 'dport', String(choices.port)];
}

/** Plan an nftables allow rule inserted before the deciding rule (by handle), marked with a comment. */
export function planNftables(ctx: FixContext, choices: FixChoices, scope: Scope): PlanResult {
  if (!ctx.verdict) return refuse('no nftables verdict to plan from', 'nft -a list ruleset');
  const spot = spotOf(ctx.verdict);
  if (typeof spot === 'string') return refuse(spot, 'nft -a list ruleset');
  const match = matchWords(spot, scope, choices);
  if (typeof match === 'string') return refuse(match, 'nft -a list ruleset');
  const plan = basePlan(ctx, choices, scope, 'nftables', 'firewall');
  const marker = plan.marker ?? '';
  const where = [spot.family, spot.table, spot.chain];
  // nft joins its arguments and parses them itself: the comment keeps its double quotes as nft syntax, not shell quoting.
  const tail = [...match, 'counter', 'accept', 'comment', `"${marker}"`];
  const verb =
    spot.beforeHandle !== undefined ? ['insert', 'rule', ...where, 'position', String(spot.beforeHandle)] : ['add', 'rule', ...where];
  const linePattern = `^\\s*${escapeRegExp(match.join(' '))} counter packets \\d+ bytes \\d+ accept comment "${escapeRegExp(marker)}"`;
  plan.commands.push({
    argv: ['nft', '--echo', '--handle', ...verb, ...tail],
    ...describe(
      spot.beforeHandle !== undefined
        ? planSayScoped(
            'nftInsert',
            { what: protoPort(choices), chain: spot.chain, table: `${spot.family} ${spot.table}`, handle: spot.beforeHandle },
            scope,
          )
        : planSayScoped(
            'nftAdd',
            {
              what: protoPort(choices),
              chain: spot.chain,
              table: `${spot.family} ${spot.table}`,
              policy: ctx.verdict.policy?.policy ?? '',
            },
            scope,
          ),
    ),
    undo: ['nft', 'delete', 'rule', ...where, 'handle', '{handle}'],
    undoCapture: 'nft-handle',
    nftRule: { family: spot.family, table: spot.table, chain: spot.chain, match, comment: marker },
    source: 'linux.fix.nft',
    role: 'change',
    check: ['nft', '-a', 'list', 'chain', ...where],
    checkPattern: linePattern,
  });
  setSummary(
    plan,
    planSayScoped('nftSummary', { what: protoPort(choices), table: `${spot.family} ${spot.table}`, chain: spot.chain }, scope),
  );
  if (choices.persist !== false) warn(plan, planSay('nftPersist', {}));
  return { kind: 'ok', data: plan };
}
