import type { CheckFacts, PendingChange } from './facts';
import type { Evidence } from '../schemas/report';
import { say } from '../i18n/say';
import type { EngineKey, EngineKeyUnder } from '../i18n/engine-keys';

type PendingKey = EngineKeyUnder<'pending'>;
// The sentence of each difference a probe reports (a combination no probe makes, e.g. firewalld `blocks`, has none).
const KEYS: Record<PendingChange['system'], Record<PendingChange['state'], Partial<Record<PendingChange['effect'], PendingKey>>>> = {
  firewalld: {
    'saved-only': { allows: 'firewalldSavedAllows', mentions: 'firewalldSaved' },
    'running-only': { allows: 'firewalldRunningAllows', mentions: 'firewalldRunning' },
  },
  nftables: {
    'saved-only': { allows: 'nftSavedAllows', mentions: 'nftSaved' },
    'running-only': { blocks: 'nftRunningBlocks', mentions: 'nftRunning' },
  },
  ufw: { 'saved-only': { allows: 'ufwSavedAllows', mentions: 'ufwSaved' }, 'running-only': { blocks: 'ufwRunningBlocks' } },
};

/** The sentence of a difference: `engine.pending.<system><Saved|Running><Allows|Blocks|>` (`pending.firewalldSavedAllows`). */
export function pendingKey(p: Pick<PendingChange, 'system' | 'state' | 'effect'>): EngineKey {
  const key = KEYS[p.system][p.state][p.effect];
  if (key === undefined) throw new Error(`unknown engine text for a pending ${p.system} ${p.state} ${p.effect} difference`);
  return `pending.${key}`;
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
