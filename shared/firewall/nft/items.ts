import { ELSEWHERE_KEY } from './model';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The items of an `nft -j` document, or null when it is not one: not JSON, no `nftables` list, or an item that is not an object. */
export function nftItems(text: string): Json[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  // Recorded output is untrusted: `'metainfo' in 5` would throw, so a document with such an item is unparseable.
  const items = isObject(doc) ? doc.nftables : null;
  return Array.isArray(items) && items.every(isObject) ? items : null;
}

/**
 * What a listing keeps of a table it leaves to iptables-save (iptables-nft's own): only an ELSEWHERE_KEY item with its
 * family, name and handle, which orders its chains against nft's of equal priority; nothing when the handle is unknown.
 */
export function elsewhereItems(family: string, name: string, handle: unknown): Json[] {
  return typeof handle === 'number' ? [{ [ELSEWHERE_KEY]: { family, name, handle } }] : [];
}
