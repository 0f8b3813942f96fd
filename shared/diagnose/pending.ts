import type { CheckFacts, PendingChange } from './facts';
import type { Evidence } from '../schemas/report';
import { say } from '../i18n/say';

const SYSTEM: Record<PendingChange['system'], string> = { firewalld: 'firewalld', ufw: 'ufw', nftables: 'nft' };
const STATE: Record<PendingChange['state'], string> = { 'saved-only': 'Saved', 'running-only': 'Running' };
const EFFECT: Record<PendingChange['effect'], string> = { allows: 'Allows', blocks: 'Blocks', mentions: '' };

/** The sentence of a difference: `engine.pending.<system><Saved|Running><Allows|Blocks|>` (`pending.firewalldSavedAllows`). */
export function pendingKey(p: Pick<PendingChange, 'system' | 'state' | 'effect'>): string {
  return `pending.${SYSTEM[p.system]}${STATE[p.state]}${EFFECT[p.effect]}`;
}

/**
 * The differences between a firewall's saved configuration and the running rules for the port, as evidence of kind
 * `pending` with the command that shows the saved side. They never change the verdict: the kernel's rules decide now.
 */
export function pendingEvidence(facts: CheckFacts): Evidence[] {
  const pending = facts.firewall.kind === 'ok' ? (facts.firewall.data.pending ?? []) : [];
  const { port, protocol } = facts.target;
  return pending.map((p) => {
    const params = {
      zone: p.where,
      where: p.where,
      entries: p.entries.join(', '),
      protocol: protocol.toUpperCase(),
      port,
      apply: p.apply,
      ...(p.keep ? { keep: p.keep } : {}),
    };
    return { kind: 'pending', ...say(pendingKey(p), params), source: p.source, command: p.show, data: { ...p } };
  });
}
