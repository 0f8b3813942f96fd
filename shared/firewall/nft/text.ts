/**
 * Rule text from libnftables JSON, close to what `nft list ruleset` prints (`tcp dport 8080 drop`), so a
 * user recognises the rule. Pieces this does not know are shown as compact JSON rather than dropped.
 */

type Obj = Record<string, unknown>;

const QUOTED_KEYS = new Set(['iifname', 'oifname', 'iif', 'oif', 'helper', 'iifgroup', 'oifgroup']);
const BARE_META = new Set(['iif', 'iifname', 'oif', 'oifname']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entry(v: unknown): [string, unknown] | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] !== undefined ? [keys[0], v[keys[0]]] : undefined;
}

/** The left-hand side of a match (`tcp dport`, `ip saddr . tcp dport`, `ct state`, `iifname`). */
export function nftValueText(v: unknown): string {
  const e = entry(v);
  if (!e) return valueLiteral(v, false);
  const [k, body] = e;
  const b = isObj(body) ? body : {};
  switch (k) {
    case 'payload':
      return b.protocol !== undefined
        ? `${String(b.protocol)} ${String(b.field)}`
        : `@${String(b.base)},${String(b.offset)},${String(b.len)}`;
    case 'meta':
      return BARE_META.has(String(b.key)) ? String(b.key) : `meta ${String(b.key)}`;
    case 'ct':
      return `ct${b.dir ? ` ${String(b.dir)}` : ''} ${String(b.key)}`;
    case 'fib':
      return `fib ${asList(b.flags).join(' . ')} ${String(b.result)}`;
    case 'concat':
      return asList(body).map(nftValueText).join(' . ');
    case 'tcp option':
    case 'ip option':
    case 'exthdr':
      return `${k === 'exthdr' ? 'exthdr' : k} ${String(b.name)}${b.field !== undefined ? ` ${String(b.field)}` : ''}`;
    case 'socket':
    case 'osf':
    case 'rt':
    case 'numgen':
    case 'hash':
      return `${k} ${String(b.key ?? b.mode ?? '')}`.trim();
    case '&':
    case '|':
    case '^': {
      const [a, mask] = asList(body);
      return `${nftValueText(a)} ${k} ${Array.isArray(mask) ? `(${mask.join(' | ')})` : valueLiteral(mask, false)}`;
    }
    case 'prefix':
    case 'range':
    case 'set':
      return valueLiteral(v, false);
    default:
      return `${k} ${JSON.stringify(body)}`;
  }
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function valueLiteral(v: unknown, quote: boolean): string {
  if (typeof v === 'string') return v.startsWith('@') || !quote ? v : `"${v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => valueLiteral(x, quote)).join(',');
  const e = entry(v);
  if (!e) return JSON.stringify(v);
  const [k, body] = e;
  const b = isObj(body) ? body : {};
  if (k === 'prefix') return `${String(b.addr)}/${String(b.len)}`;
  if (k === 'range')
    return asList(body)
      .map((x) => valueLiteral(x, quote))
      .join('-');
  if (k === 'set')
    return `{ ${asList(body)
      .map((x) => (Array.isArray(x) ? `${valueLiteral(x[0], quote)} : ${statementText(x[1])}` : valueLiteral(x, quote)))
      .join(', ')} }`;
  if (k === 'concat')
    return asList(body)
      .map((x) => valueLiteral(x, quote))
      .join(' . ');
  if (k === 'elem') return valueLiteral(b.val, quote);
  return nftValueText(v);
}

function leftKey(left: unknown): string | undefined {
  const e = entry(left);
  const b = e && isObj(e[1]) ? e[1] : undefined;
  return b && typeof b.key === 'string' ? b.key : undefined;
}

function matchText(m: Obj): string {
  const left = nftValueText(m.left);
  const binary = ['&', '|', '^'].some((k) => isObj(m.left) && k in m.left);
  const op = (m.op === '==' && !binary) || m.op === 'in' ? '' : `${String(m.op)} `;
  const quote = QUOTED_KEYS.has(leftKey(m.left) ?? '');
  // `fib … oif missing` is `false` in JSON.
  const right = typeof m.right === 'boolean' ? (m.right ? 'exists' : 'missing') : valueLiteral(m.right, quote);
  return `${left} ${op}${right}`;
}

/** One statement (match, verdict, counter, log, limit, reject, vmap, …) as nft prints it. */
export function statementText(s: unknown): string {
  const e = entry(s);
  if (!e) return JSON.stringify(s);
  const [k, body] = e;
  const b = isObj(body) ? body : {};
  switch (k) {
    case 'match':
      return matchText(b);
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
      return k;
    case 'jump':
    case 'goto':
      return `${k} ${String(b.target)}`;
    case 'reject':
      return b.type === undefined ? 'reject' : `reject with ${String(b.type)}${b.expr !== undefined ? ` ${String(b.expr)}` : ''}`;
    case 'counter':
      return b.packets !== undefined ? `counter packets ${String(b.packets)} bytes ${String(b.bytes)}` : 'counter';
    case 'log':
      return `log${b.prefix !== undefined ? ` prefix "${String(b.prefix)}"` : ''}`;
    case 'limit':
      // nft leaves out the default burst of 5 packets.
      return `limit rate ${b.inv ? 'over ' : ''}${String(b.rate)}/${String(b.per ?? 'second')}${b.burst && b.burst !== 5 ? ` burst ${String(b.burst)} packets` : ''}`;
    case 'vmap':
      return `${nftValueText(b.key)} vmap ${valueLiteral(b.data, false)}`;
    case 'queue':
      return `queue${b.num !== undefined ? ` num ${valueLiteral(b.num, false)}` : ''}`;
    case 'xt':
      return `xt ${String(b.type)} ${String(b.name)}`;
    case 'mangle':
      return `${nftValueText(b.key)} set ${valueLiteral(b.value, false)}`;
    case 'notrack':
      return 'notrack';
    default:
      return body === null ? k : `${k} ${JSON.stringify(body)}`;
  }
}

/** The whole rule text: its statements joined, plus the comment when there is one. */
export function nftRuleText(expr: unknown[], comment?: string): string {
  const parts = expr.map(statementText);
  if (comment !== undefined) parts.push(`comment "${comment}"`);
  return parts.join(' ');
}
