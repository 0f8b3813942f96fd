import type { FirewallVerdict, InboundPacket } from '../../../shared/firewall/types';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';

/** The raw rulesets of one address family, as their tools printed them (absent: tool not installed). */
export interface NetfilterTexts {
  nft?: string;
  iptablesNft?: string;
  iptablesLegacy?: string;
}

/** Judges packets against parsed rulesets: parse once, evaluate many sources. */
export type NetfilterJudge = (packet: InboundPacket) => FirewallVerdict;

/** Parse the rulesets and return a judge; `unavailable` when a ruleset cannot be parsed. */
export function prepareNetfilterJudge(_texts: NetfilterTexts): Result<NetfilterJudge> {
  return unavailable('not-implemented', 'the nftables/iptables evaluator has not landed yet', 'nft list ruleset; iptables-save');
}
