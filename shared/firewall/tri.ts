/**
 * Whether a rule's match holds for the packet: yes, no, or unknown with why (a set, a module or a value the static
 * evaluation cannot read). The one three-valued answer of the nftables, iptables and xt_recent evaluators.
 */
export type Tri = boolean | { unknown: string };
