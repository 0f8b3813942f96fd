import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixPresence, stepPresence, ufwKernelCheck } from '../../../../electron/actions/fix-presence';
import type { UndoRecord, UndoStep } from '../../../../electron/actions/types';
import type { NftRuleIdentity } from '../../../../shared/schemas/firewall';
import { fakeIptables, fakeRunner, startsWith } from './fake-runner';

// Real `nft -a list chain inet filter input` with PortDoctor's rule for 10.0.0.2 at handle 4.
const LISTING = readFileSync(join(__dirname, '..', '..', 'shared', 'plan', 'fixtures', 'nft-list-chain-with-portdoctor.txt'), 'utf8');
const OURS: NftRuleIdentity = {
  family: 'inet',
  table: 'filter',
  chain: 'input',
  match: ['ip', 'saddr', '10.0.0.2', 'tcp', 'dport', '8080'],
  comment: 'PortDoctor:8080/tcp',
};
const NFT_STEP: UndoStep = { undo: ['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '4'], nftRule: OURS, handle: 4 };
const SPEC = [
  '-s',
  '10.0.0.2',
  '-p',
  'tcp',
  '-m',
  'tcp',
  '--dport',
  '8080',
  '-m',
  'comment',
  '--comment',
  'PortDoctor:8080/tcp',
  '-j',
  'ACCEPT',
];
const IPT_STEP: UndoStep = {
  undo: ['iptables-nft', '-w', '5', '-t', 'filter', '-D', 'INPUT', ...SPEC],
  check: ['iptables-nft', '-w', '5', '-t', 'filter', '-C', 'INPUT', ...SPEC],
};
const listChain = startsWith('nft', '-a', 'list', 'chain');

function record(steps: UndoStep[]): UndoRecord {
  return {
    schema: 'portdoctor.undo/1',
    id: 'fix-abc',
    planId: 'plan-t',
    backend: 'nftables',
    summary: 's',
    appliedAt: '2026-12-04T00:00:00Z',
    undo: steps.map((s) => s.undo),
    persist: [],
    steps,
  };
}

describe('whether a fix is in the firewall viewed (issue #11 item 2)', () => {
  it('nft: present when the chain holds the rule by identity; absent when it does not, or the table is not there at all', async () => {
    expect(await stepPresence(fakeRunner([{ match: listChain, stdout: LISTING }]), NFT_STEP)).toEqual({ presence: 'present' });
    const other = LISTING.split('\n')
      .filter((l) => !l.includes('PortDoctor'))
      .join('\n');
    expect(await stepPresence(fakeRunner([{ match: listChain, stdout: other }]), NFT_STEP)).toMatchObject({
      presence: 'absent',
      why: { key: 'engine.fixCheck.presence.nftAbsent', text: expect.stringContaining('PortDoctor:8080/tcp') },
    });
    const noTable = fakeRunner([
      { match: listChain, exitCode: 1, stderr: 'Error: No such file or directory; did you mean table ‘filter’ in family ip?\n' },
    ]);
    expect((await stepPresence(noTable, NFT_STEP)).presence).toBe('absent');
  });

  it('nft: an unreadable firewall (no privilege, nft missing) is "unknown", never "absent"', async () => {
    const denied = fakeRunner([{ match: listChain, exitCode: 1, reason: 'needs-admin', stderr: 'Error: Operation not permitted\n' }]);
    expect(await stepPresence(denied, NFT_STEP)).toMatchObject({
      presence: 'unknown',
      why: { key: 'engine.fixCheck.presence.nftUnread', text: expect.stringContaining('needs-admin') },
    });
    const missing = fakeRunner([]);
    missing.run = async (spec) => ({
      kind: 'error',
      source: spec.source,
      argv: [spec.file, ...spec.args],
      error: { reason: 'not-installed', detail: 'spawn nft ENOENT' },
    });
    expect((await stepPresence(missing, NFT_STEP)).presence).toBe('unknown');
  });

  it('iptables: `-C` exit 0 present, exit 1 absent; "you must be root" and a not-running firewalld are unknown', async () => {
    const ipt = fakeIptables();
    const runner = fakeRunner([ipt]);
    expect((await stepPresence(runner, IPT_STEP)).presence).toBe('absent');
    ipt.rules.push(['iptables-nft', 'INPUT', ...SPEC].join(' '));
    expect((await stepPresence(runner, IPT_STEP)).presence).toBe('present');
    const root = fakeRunner([
      {
        match: startsWith('iptables-nft'),
        exitCode: 4,
        reason: 'needs-admin',
        stderr: 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n',
      },
    ]);
    expect((await stepPresence(root, IPT_STEP)).presence).toBe('unknown');
    const fwd: UndoStep = {
      undo: ['firewall-cmd', '--zone=public', '--remove-port=8080/tcp'],
      check: ['firewall-cmd', '--zone=public', '--query-port=8080/tcp'],
    };
    expect(
      (await stepPresence(fakeRunner([{ match: startsWith('firewall-cmd'), exitCode: 252, stderr: 'FirewallD is not running\n' }]), fwd))
        .presence,
    ).toBe('unknown');
    expect((await stepPresence(fakeRunner([{ match: startsWith('firewall-cmd'), exitCode: 1, stdout: 'no\n' }]), fwd)).presence).toBe(
      'absent',
    );
  });

  it('ufw: asks the kernel for the rule ufw made from the spec (not ufw’s files, which every namespace shares)', async () => {
    expect(ufwKernelCheck(['ufw', 'delete', 'allow', 'proto', 'tcp', 'from', '10.5.5.5', 'to', 'any', 'port', '8080'])).toEqual([
      'iptables',
      '-w',
      '5',
      '-C',
      'ufw-user-input',
      '-s',
      '10.5.5.5',
      '-p',
      'tcp',
      '-m',
      'tcp',
      '--dport',
      '8080',
      '-j',
      'ACCEPT',
    ]);
    expect(ufwKernelCheck(['ufw', 'delete', 'allow', 'proto', 'udp', 'from', 'fd00::/64', 'to', 'any', 'port', '53'])?.slice(0, 7)).toEqual(
      ['ip6tables', '-w', '5', '-C', 'ufw-user-input', '-s', 'fd00::/64'],
    );
    expect(ufwKernelCheck(['ufw', 'delete', 'allow', 'proto', 'tcp', 'from', 'any', 'to', 'any', 'port', '8080'])).not.toContain('-s');
    expect(ufwKernelCheck(['ufw', 'delete', 'deny', 'proto', 'tcp', 'from', 'any', 'to', 'any', 'port', '8080'])).toBeNull();
    const step: UndoStep = { undo: ['ufw', 'delete', 'allow', 'proto', 'tcp', 'from', '10.5.5.5', 'to', 'any', 'port', '8080'] };
    const runner = fakeRunner([
      { match: startsWith('iptables'), exitCode: 1, stderr: 'iptables: Bad rule (does a matching rule exist in that chain?).\n' },
    ]);
    expect((await stepPresence(runner, step)).presence).toBe('absent');
    expect(runner.calls).toEqual([ufwKernelCheck(step.undo)]);
  });

  it('a fix is absent when any change is missing, unknown when one could not be checked, present only when all are there', async () => {
    const ipt = fakeIptables();
    ipt.rules.push(['iptables-nft', 'INPUT', ...SPEC].join(' '));
    const both = fakeRunner([{ match: listChain, stdout: LISTING }, ipt]);
    expect(await fixPresence(both, record([NFT_STEP, IPT_STEP]), null)).toEqual({ presence: 'present' });
    const deniedNft = fakeRunner([{ match: listChain, exitCode: 1, reason: 'needs-admin', stderr: 'Operation not permitted' }, ipt]);
    expect((await fixPresence(deniedNft, record([NFT_STEP, IPT_STEP]), null)).presence).toBe('unknown');
    const gone = fakeRunner([{ match: listChain, exitCode: 1, reason: 'needs-admin', stderr: 'Operation not permitted' }, fakeIptables()]);
    expect((await fixPresence(gone, record([NFT_STEP, IPT_STEP]), null)).presence).toBe('absent');
  });
});
