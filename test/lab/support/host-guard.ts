import { afterAll, beforeAll, expect } from 'vitest';
import { diffHostFirewall, snapshotHostFirewall } from '../harness';
import type { HostFirewallSnapshot } from '../harness';

/**
 * Register hooks for a lab file: snapshot the host's own rulesets before it (after an optional setup step),
 * and require them byte-identical after it. Lab tests must never change the host's firewall.
 */
export function keepHostFirewallUnchanged(setup?: () => void): void {
  let before: HostFirewallSnapshot;
  beforeAll(async () => {
    setup?.();
    before = await snapshotHostFirewall();
  });
  afterAll(async () => {
    expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
  });
}
