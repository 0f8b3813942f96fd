import { z } from 'zod';
import type { Result } from '../../schemas/common';
import { unavailable } from '../../schemas/common';
import type { NftChain, NftRuleset, NftSet, NftTable } from './model';
import { ELSEWHERE_KEY } from './model';
import { nftRuleText } from './text';

// Pure (no node imports) so it could move to shared/. Shapes follow libnftables-json(5) as nft 1.0.6 prints them.
const COMMAND = 'nft -j list ruleset';

const TableSchema = z.object({ family: z.string(), name: z.string(), handle: z.number().optional() });
const ElsewhereSchema = TableSchema.required({ handle: true });
const ChainSchema = z.object({
  family: z.string(),
  table: z.string(),
  name: z.string(),
  handle: z.number().optional(),
  type: z.string().optional(),
  hook: z.string().optional(),
  prio: z.union([z.number(), z.string()]).optional(),
  policy: z.string().optional(),
  dev: z.union([z.string(), z.array(z.string())]).optional(),
});
const RuleSchema = z.object({
  family: z.string(),
  table: z.string(),
  chain: z.string(),
  handle: z.number(),
  expr: z.array(z.unknown()),
  comment: z.string().optional(),
});
const SetSchema = z.object({
  family: z.string(),
  table: z.string(),
  name: z.string(),
  type: z.union([z.string(), z.array(z.string())]),
  map: z.union([z.string(), z.array(z.string())]).optional(),
  flags: z.union([z.string(), z.array(z.string())]).optional(),
  elem: z.array(z.unknown()).optional(),
});
const RootSchema = z.object({ nftables: z.array(z.record(z.string(), z.unknown())) });

// Standard priority names (nft(8) "PRIORITY"), for outputs that print a name instead of a number.
const PRIORITY_NAMES: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

// `filter`, `filter + 10`, `mangle - 5`: a standard name with an optional offset.
function namedPriority(text: string): number | undefined {
  const m = /^([a-z]+)\s*(?:([+-])\s*(\d+))?$/.exec(text.trim());
  const base = m?.[1] === undefined ? undefined : PRIORITY_NAMES[m[1]];
  if (base === undefined) return undefined;
  return m?.[2] === '-' ? base - Number(m[3]) : base + Number(m?.[3] ?? 0);
}

/** Parse `nft -j list ruleset` output into tables, chains (with their rules) and sets. */
export function parseNftRuleset(jsonText: string): Result<NftRuleset> {
  let root: unknown;
  try {
    root = JSON.parse(jsonText);
  } catch (error) {
    return unavailable('unparseable', `nft JSON output is not valid JSON (truncated?): ${(error as Error).message}`, COMMAND);
  }
  const parsed = RootSchema.safeParse(root);
  if (!parsed.success) return unavailable('unparseable', 'nft JSON output has no "nftables" array.', COMMAND);
  const tables = new Map<string, NftTable>();
  const chains = new Map<string, NftChain>();
  const elsewhere: NonNullable<NftRuleset['elsewhere']> = [];
  let version: string | undefined;
  for (const item of parsed.data.nftables) {
    if (ELSEWHERE_KEY in item) {
      const t = ElsewhereSchema.safeParse(item[ELSEWHERE_KEY]);
      if (t.success) elsewhere.push(t.data);
      continue;
    }
    const problem = addItem(item, tables, chains, (v) => (version = v));
    if (problem) return unavailable('unparseable', `nft JSON output: ${problem}`, COMMAND);
  }
  const data: NftRuleset = version === undefined ? { tables: [...tables.values()] } : { version, tables: [...tables.values()] };
  if (elsewhere.length > 0) data.elsewhere = elsewhere;
  return { kind: 'ok', data };
}

const key = (...parts: string[]): string => parts.join('\u0000');

type Tables = Map<string, NftTable>;
type Chains = Map<string, NftChain>;

function addItem(item: Record<string, unknown>, tables: Tables, chains: Chains, setVersion: (v: string) => void): string | undefined {
  if ('metainfo' in item) {
    const meta = item.metainfo as { version?: unknown };
    if (typeof meta?.version === 'string') setVersion(meta.version);
    return undefined;
  }
  if ('table' in item) return addTable(item.table, tables);
  if ('chain' in item) return addChain(item.chain, tables, chains);
  if ('rule' in item) return addRule(item.rule, chains, tables);
  if ('set' in item || 'map' in item) return addSet(item.set ?? item.map, tables);
  // Flowtables, named counters/quotas/limits, ct helpers and timeouts do not filter by themselves.
  return undefined;
}

function addTable(raw: unknown, tables: Tables): string | undefined {
  const t = TableSchema.safeParse(raw);
  if (!t.success) return 'a table entry lacks family or name';
  tables.set(key(t.data.family, t.data.name), { ...t.data, chains: [], sets: [], xtCompat: false });
  return undefined;
}

function addChain(raw: unknown, tables: Tables, chains: Chains): string | undefined {
  const c = ChainSchema.safeParse(raw);
  if (!c.success) return 'a chain entry lacks family, table or name';
  const table = tables.get(key(c.data.family, c.data.table));
  if (!table) return `chain ${c.data.name} refers to a missing table ${c.data.table}`;
  const { prio, dev, ...rest } = c.data;
  const prioNumber = typeof prio === 'string' ? namedPriority(prio) : prio;
  const chain: NftChain = { ...rest, rules: [] };
  if (dev !== undefined) chain.devices = Array.isArray(dev) ? dev : [dev];
  if (prioNumber !== undefined) chain.prio = prioNumber;
  table.chains.push(chain);
  chains.set(key(c.data.family, c.data.table, c.data.name), chain);
  return undefined;
}

function addRule(raw: unknown, chains: Chains, tables: Tables): string | undefined {
  const r = RuleSchema.safeParse(raw);
  if (!r.success) return 'a rule entry lacks family, table, chain, handle or expr';
  const chain = chains.get(key(r.data.family, r.data.table, r.data.chain));
  if (!chain) return `rule handle ${r.data.handle} refers to a missing chain ${r.data.chain}`;
  chain.rules.push({ ...r.data, text: nftRuleText(r.data.expr, r.data.comment) });
  if (r.data.expr.some((e) => typeof e === 'object' && e !== null && 'xt' in e)) {
    const table = tables.get(key(r.data.family, r.data.table));
    if (table) table.xtCompat = true;
  }
  return undefined;
}

function addSet(raw: unknown, tables: Tables): string | undefined {
  const s = SetSchema.safeParse(raw);
  if (!s.success) return 'a set or map entry lacks family, table, name or type';
  const table = tables.get(key(s.data.family, s.data.table));
  if (!table) return `set ${s.data.name} refers to a missing table ${s.data.table}`;
  const set: NftSet = {
    family: s.data.family,
    table: s.data.table,
    name: s.data.name,
    type: s.data.type,
    flags: s.data.flags === undefined ? [] : Array.isArray(s.data.flags) ? s.data.flags : [s.data.flags],
    elem: s.data.elem ?? [],
  };
  if (s.data.map !== undefined) set.map = Array.isArray(s.data.map) ? s.data.map.join(' . ') : s.data.map;
  table.sets.push(set);
  return undefined;
}
