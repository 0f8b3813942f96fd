import { describe, expect, it } from 'vitest';
import { dockerRulesSeen } from '../../../../../electron/probes/linux/check-facts';
import { unavailable } from '../../../../../shared/schemas/common';

const ok = (data: string) => ({ kind: 'ok' as const, data });
const none = ok('');

describe('dockerRulesSeen: docker ps only where Docker may publish ports', () => {
  it('asks when Docker chains are in iptables-save (nft or legacy backend)', () => {
    expect(
      dockerRulesSeen({
        nft: none,
        iptablesNft: ok('*filter\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\nCOMMIT'),
        iptablesLegacy: none,
      }),
    ).toBe(true);
    expect(
      dockerRulesSeen({
        nft: none,
        iptablesNft: none,
        iptablesLegacy: ok('*nat\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\nCOMMIT'),
      }),
    ).toBe(true);
  });

  it('asks when the nft ruleset holds Docker’s nftables table', () => {
    expect(dockerRulesSeen({ nft: ok('table ip docker-bridges {\n}\n'), iptablesNft: none, iptablesLegacy: none })).toBe(true);
  });

  it('does not ask on a host whose rules name no Docker chain (a chain called "dockerish" or a comment is not one)', () => {
    const nft = ok(
      'table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n  tcp dport 22 accept comment "ssh"\n }\n chain dockerish { }\n}\n',
    );
    expect(
      dockerRulesSeen({
        nft,
        iptablesNft: ok('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT'),
        iptablesLegacy: unavailable('not-installed', 'no iptables-legacy-save'),
      }),
    ).toBe(false);
  });

  it('asks when a ruleset could not be read (its chains are unknown)', () => {
    expect(dockerRulesSeen({ nft: unavailable('needs-admin', 'Operation not permitted'), iptablesNft: none, iptablesLegacy: none })).toBe(
      true,
    );
  });
});
