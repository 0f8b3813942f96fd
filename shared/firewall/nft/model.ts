/**
 * The nftables ruleset as `nft -j list ruleset` describes it (libnftables-json(5)), grouped by table.
 * Expressions stay in their JSON form: the evaluator interprets the ones it knows and reports the rest.
 */

/** One rule: its statements in order, and its text roughly as `nft -a list ruleset` prints it. */
export interface NftRule {
  family: string;
  table: string;
  chain: string;
  handle: number;
  expr: unknown[];
  comment?: string;
  text: string;
}

/** A chain; base chains carry type, hook, priority and policy. */
export interface NftChain {
  family: string;
  table: string;
  name: string;
  handle?: number;
  type?: string;
  hook?: string;
  prio?: number;
  policy?: string;
  /** The device(s) an ingress chain is bound to (`dev` in newer nft JSON; read from the text listing otherwise). */
  devices?: string[];
  rules: NftRule[];
}

/** A named set or map (`map` is the data type of a map, `verdict` for verdict maps). */
export interface NftSet {
  family: string;
  table: string;
  name: string;
  type: string | string[];
  map?: string;
  flags: string[];
  elem: unknown[];
}

/** A table with its chains and sets; `xtCompat` when iptables-nft put opaque `xt` expressions in it. */
export interface NftTable {
  family: string;
  name: string;
  handle?: number;
  chains: NftChain[];
  sets: NftSet[];
  xtCompat: boolean;
}

/** The whole ruleset of one network namespace. */
export interface NftRuleset {
  version?: string;
  tables: NftTable[];
  /**
   * Tables listed elsewhere (iptables-nft's own, judged from iptables-save), by their handle only: the kernel runs
   * base chains of equal priority on one hook newest first, and a table's handle says which came later.
   */
  elsewhere?: { family: string; name: string; handle: number }[];
}

/**
 * The item `readNftRuleset` puts in its nftables document for a table it leaves out (ELSEWHERE_KEY: family, name,
 * handle). Not one of nft's own item kinds: anything else reading the document passes over it.
 */
export const ELSEWHERE_KEY = 'portdoctor_table_elsewhere';
