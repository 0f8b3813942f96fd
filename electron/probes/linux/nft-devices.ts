/**
 * nft 1.0.6 leaves the device out of the JSON of an ingress chain (`type filter hook ingress device "eth0"`), and
 * an ingress chain filters only what arrives on its device. The text listing names it: read it from there and put
 * it where newer nft versions print it (`"dev"` on the chain). Pure, so the lab's differential test uses it too.
 */

type Json = Record<string, unknown>;

/** `chain name` → its devices, from `nft list ruleset` / `nft list table F N` text (tables in `family name` keys). */
export function ingressDevices(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let table = '';
  let chain = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const t = /^table (\S+) (\S+) \{/.exec(line);
    if (t) table = `${t[1]} ${t[2]}`;
    const c = /^chain (\S+) \{/.exec(line);
    if (c) chain = c[1] ?? '';
    const one = /hook ingress device "?([^";\s]+)"?/.exec(line);
    const many = /^devices = \{ ([^}]*) \}/.exec(line);
    const devs = one?.[1] ? [one[1]] : many?.[1] ? many[1].split(',').map((d) => d.trim().replace(/^"|"$/g, '')) : null;
    if (devs && table && chain) out.set(`${table} ${chain}`, [...(out.get(`${table} ${chain}`) ?? []), ...devs]);
  }
  return out;
}

/** Does this `nft -j` document hold an ingress chain without its device? */
export function lacksIngressDevices(json: string): boolean {
  return /"hook":\s*"ingress"/.test(json) && !/"dev":/.test(json);
}

/** The `nft -j` document with each ingress chain's devices (from the text listing) as `"dev"`. */
export function withIngressDevices(json: string, text: string): string {
  const devices = ingressDevices(text);
  if (devices.size === 0) return json;
  try {
    const doc = JSON.parse(json) as { nftables?: Json[] };
    for (const item of doc.nftables ?? []) {
      const c = item.chain as Json | undefined;
      if (!c || c.hook !== 'ingress' || c.dev !== undefined) continue;
      const devs = devices.get(`${String(c.family)} ${String(c.table)} ${String(c.name)}`);
      if (devs) c.dev = devs.length === 1 ? devs[0] : devs;
    }
    return JSON.stringify(doc);
  } catch {
    return json;
  }
}
