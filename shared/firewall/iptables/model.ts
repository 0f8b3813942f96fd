/** iptables-save / ip6tables-save / iptables-legacy-save output as data: tables, chains, rules and their matches. */

/** A `[!] --option value…` pair inside a match or a target. */
export interface IptablesOption {
  name: string;
  neg: boolean;
  values: string[];
}

/** A basic match (`-p`, `-s`, `-d`, `-i`, `-o`) with its `!` negation. */
export interface IptablesCriterion {
  neg: boolean;
  value: string;
}

/** One `-m <module>` match and its options (tcp/udp options without `-m` land in an implicit match). */
export interface IptablesMatch {
  module: string;
  options: IptablesOption[];
}

/** One `-A` rule: its basic matches, modules, target, and the original line. */
export interface IptablesRule {
  table: string;
  chain: string;
  /** 1-based index in its chain, as `iptables -L --line-numbers` counts. */
  position: number;
  /** Line number in the save output. */
  line: number;
  text: string;
  protocol?: IptablesCriterion;
  source?: IptablesCriterion;
  destination?: IptablesCriterion;
  inInterface?: IptablesCriterion;
  outInterface?: IptablesCriterion;
  fragment?: { neg: boolean };
  matches: IptablesMatch[];
  target?: { name: string; goto: boolean; options: IptablesOption[] };
  counters?: { packets: number; bytes: number };
  comment?: string;
}

/** A chain; built-in chains have a policy (`ACCEPT`/`DROP`), user chains have none. */
export interface IptablesChain {
  name: string;
  policy?: string;
  counters?: { packets: number; bytes: number };
  rules: IptablesRule[];
}

/** One `*table` block. */
export interface IptablesTable {
  name: string;
  chains: IptablesChain[];
}

/** The whole save output; `family` from the header (`ip6tables-save` → 6) when it says. */
export interface IptablesRuleset {
  family?: 4 | 6;
  /** The tool and backend the header names, e.g. `iptables-save v1.8.9 (nf_tables)`. */
  generatedBy?: string;
  /**
   * Tables iptables-nft-save flags as incompatible (`# Table `filter' contains incompatible base-chains`): nft
   * tables written by nft itself under an xtables name. Their save output is partial; only nft shows them.
   */
  incompatible?: string[];
  tables: IptablesTable[];
}
