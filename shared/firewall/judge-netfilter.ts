import { evaluateNetfilter } from './netfilter';
import type { NetfilterInput } from './netfilter';
import type { FirewallVerdict, InboundPacket } from './types';
import type { Result } from '../schemas/common';
import { parseIptablesSave } from './iptables/parse-iptables-save';
import { parseNftRuleset } from './nft/parse-nft-ruleset';

/** The raw rulesets of one address family, as their tools printed them (absent: tool not installed). */
export interface NetfilterTexts {
  nft?: string;
  iptablesNft?: string;
  iptablesLegacy?: string;
}

/** Judges packets against parsed rulesets: parse once, evaluate many sources. */
export type NetfilterJudge = (packet: InboundPacket) => FirewallVerdict;

const COMMANDS = { nft: 'nft -j list ruleset', iptablesNft: 'iptables-save', iptablesLegacy: 'iptables-legacy-save' } as const;

/** Parse the rulesets and return a judge; `unavailable` (with the command) when a ruleset cannot be parsed. */
export function prepareNetfilterJudge(texts: NetfilterTexts): Result<NetfilterJudge> {
  const input: NetfilterInput = {};
  if (texts.nft !== undefined) {
    const nft = parseNftRuleset(texts.nft);
    if (nft.kind !== 'ok') return { ...nft, command: nft.command ?? COMMANDS.nft };
    input.nft = nft.data;
  }
  for (const key of ['iptablesNft', 'iptablesLegacy'] as const) {
    const text = texts[key];
    if (text === undefined) continue;
    const parsed = parseIptablesSave(text);
    if (parsed.kind !== 'ok') return { ...parsed, command: parsed.command ?? COMMANDS[key] };
    input[key] = parsed.data;
  }
  return {
    kind: 'ok',
    data: (packet) => {
      const { parts: _parts, ...verdict } = evaluateNetfilter(input, packet);
      return verdict;
    },
  };
}
