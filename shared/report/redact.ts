import type { Bundle } from '../bundle/schema';
import { isIp } from '../net/address';
import type { CheckReport } from '../schemas/report';

/** Replaces addresses and host names with stable tokens; one instance per document so the same input maps to the same token. */
export interface Redactor {
  /** Redact one text. */
  text(value: string): string;
  /** What was replaced by which token (kept by the sender; never written into the redacted document). */
  mapping(): ReadonlyMap<string, string>;
}

// Loopback and "any address" say how a socket is bound (loopback-only is a cause) and identify nobody: they stay.
const KEEP = new Set(['127.0.0.1', '0.0.0.0', '::', '::1', '255.255.255.255']);
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)/g;
// Candidate IPv6 texts: a run of hex digits, colons and dots with at least two colons; each is checked with isIp first.
const IPV6 = /(?<![\w:.%])(?=[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:)[0-9A-Fa-f:.]{2,45}(?![\w:])/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Host names to hide: each given name, and the short name of a fully qualified one (`web01` of `web01.corp.example`). */
function hostVariants(hostnames: readonly string[]): string[] {
  const names = new Set<string>();
  for (const raw of hostnames) {
    const name = raw.trim().replace(/\.$/, '');
    if (name.length < 2 || isIp(name) || KEEP.has(name) || name.toLowerCase() === 'localhost') continue;
    names.add(name.toLowerCase());
    const short = name.split('.')[0] ?? '';
    if (name.includes('.') && short.length >= 3) names.add(short.toLowerCase());
  }
  return [...names].sort((a, b) => b.length - a.length);
}

/** A redactor for IPv4/IPv6 addresses (`ip-1`, `ip6-1`) and the given host names (`host-1`). */
export function createRedactor(hostnames: readonly string[]): Redactor {
  const tokens = new Map<string, string>();
  const counts = { ip: 0, ip6: 0, host: 0 };
  const tokenFor = (kind: keyof typeof counts, key: string) => {
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = `${kind}-${++counts[kind]}`));
    return token;
  };
  const names = hostVariants(hostnames);
  // Names match case-insensitively and only as whole labels, so `srv` does not eat `srv2` or `observe`.
  const hostRe = names.length > 0 ? new RegExp(`(?<![A-Za-z0-9-])(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9-])`, 'gi') : null;
  const text = (value: string) => {
    let out = value.replace(IPV6, (m) => {
      // A sentence may end right after an address: the final dot is not part of it.
      const ip = m.endsWith('.') ? m.slice(0, -1) : m;
      if (!isIp(ip) || KEEP.has(ip.toLowerCase())) return m;
      return tokenFor('ip6', ip.toLowerCase()) + m.slice(ip.length);
    });
    out = out.replace(IPV4, (m) => (isIp(m) && !KEEP.has(m) ? tokenFor('ip', m) : m));
    if (hostRe) out = out.replace(hostRe, (m) => tokenFor('host', m.toLowerCase()));
    return out;
  };
  return { text, mapping: () => tokens };
}

// Values of these keys are identifiers from fixed vocabularies, never addresses or names: left alone.
const FIXED_KEYS = new Set([
  'schema',
  'encoding',
  'kind',
  'status',
  'cause',
  'severity',
  'reason',
  'outcome',
  'protocol',
  'os',
  'arch',
  'result',
  'tool',
  'stoppedBy',
  'id',
]);

/** The note left where output in a non-UTF-8 encoding was: it cannot be searched for addresses here, so it is dropped. */
export const DROPPED_NOTE =
  'removed by redaction: the output was recorded in a non-UTF-8 encoding and could not be checked for addresses and host names';

function walk(value: unknown, redactor: Redactor, key?: string): unknown {
  if (typeof value === 'string') return key && FIXED_KEYS.has(key) ? value : redactor.text(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, redactor));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, redactor, k);
    return out;
  }
  return value;
}

/** A copy of a bundle with addresses and host names replaced; base64 outputs are dropped with a note (an honest `not-recorded` on replay). */
export function redactBundle(bundle: Bundle, redactor: Redactor = createRedactor([bundle.platform.hostname])): Bundle {
  const sources: Bundle['sources'] = {};
  for (const [id, source] of Object.entries(bundle.sources)) {
    const copy = { ...source };
    const dropped = [copy.stdout, copy.stderr].some((o) => o?.encoding === 'base64');
    if (copy.stdout?.encoding === 'base64') delete copy.stdout;
    if (copy.stderr?.encoding === 'base64') delete copy.stderr;
    if (dropped) {
      delete copy.exitCode;
      copy.error = { reason: 'not-recorded', detail: DROPPED_NOTE };
    }
    sources[id] = walk(copy, redactor) as Bundle['sources'][string];
  }
  const rest = walk({ ...bundle, sources: {} }, redactor) as Bundle;
  return { ...rest, sources };
}

/** A copy of a check report with addresses and host names replaced (its own host name included). */
export function redactCheck(report: CheckReport, redactor?: Redactor): CheckReport {
  const names = [report.host?.hostname, report.replayed?.hostname].filter((n): n is string => Boolean(n));
  return walk(report, redactor ?? createRedactor(names)) as CheckReport;
}
