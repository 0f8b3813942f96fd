import { describe, expect, it } from 'vitest';
import { evaluateIptables } from '../../../../shared/firewall/iptables/evaluate';
import type { RecentLists } from '../../../../shared/firewall/types';
import { noteEvidence } from '../../../../shared/diagnose/notes';
import { fromBackend, noteText } from '../../../../shared/i18n/note';
import { parseClock, parseRecentList, countedRecentLists, clockLines } from '../../../../electron/probes/linux/recent-lists';
import { fixture, iptablesFixture, syn } from './fixtures';

// A real ufw ruleset after `ufw limit 8080/tcp` (ufw-user-input: --set, then --update --seconds 30 --hitcount 6
// -j ufw-user-limit, then -j ufw-user-limit-accept), judged with recent lists of chosen ages.
const ufw = iptablesFixture('ufw-limit-iptables.save');
const lists = (ages: number[], address = '10.231.1.2'): RecentLists => ({ lists: { DEFAULT: [{ address, ages }] } });
const from = (source: string, recent?: RecentLists) =>
  syn(source, 8080, { destination: '10.231.1.1', iif: 'veth0b', ...(recent ? { recent } : {}) });

describe('-m recent judged from the kernel lists (ufw limit)', () => {
  it('five hits within 30 s: the SYN is the sixth, ufw-user-limit rejects it and the verdict names the trip', () => {
    const v = evaluateIptables(ufw, from('10.231.1.2', lists([1, 2, 3, 4, 12])), 'iptables-nft');
    expect(v.decision).toBe('reject');
    expect(v.rule?.chain).toBe('ufw-user-limit');
    expect(v.rule?.text).toMatch(/-j REJECT --reject-with icmp-port-unreachable$/);
    // The fifth newest hit is 12 s old: after 18 s of silence only four remain within the window.
    expect(v.rateLimit).toMatchObject({
      list: 'DEFAULT',
      address: '10.231.1.2',
      hits: 5,
      threshold: 5,
      hitcount: 6,
      seconds: 30,
      clearsInSeconds: 18,
    });
    expect(v.rateLimit?.rule.text).toMatch(/--update --seconds 30 --hitcount 6/);
    expect(
      v.notes
        .map(noteText)
        .some((n) =>
          /^rate limit reached: .* holds 5 hit\(s\) from 10\.231\.1\.2 within 30 s \(it matches from 5\); it stops matching after 18 s/.test(
            n,
          ),
        ),
    ).toBe(true);
  });

  it('four hits within 30 s (older ones do not count): accepted, with the standing noted', () => {
    const v = evaluateIptables(ufw, from('10.231.1.2', lists([1, 2, 3, 29.5, 31, 45])), 'iptables-nft');
    expect(v.decision).toBe('accept');
    expect(v.rule?.chain).toBe('ufw-user-limit-accept');
    expect(v.rateLimit).toBeUndefined();
    expect(
      v.notes
        .map(noteText)
        .some((n) => /^rate limit not reached: .* holds 4 hit\(s\) from 10\.231\.1\.2 within 30 s \(it matches from 5\)\.$/.test(n)),
    ).toBe(true);
  });

  it('the list is per source address: another client with no entry is let in', () => {
    const v = evaluateIptables(ufw, from('10.231.1.9', lists([1, 1, 1, 1, 1, 1, 1])), 'iptables-nft');
    expect(v.decision).toBe('accept');
    expect(v.notes.map(noteText).some((n) => /holds 0 hit\(s\) from 10\.231\.1\.9/.test(n))).toBe(true);
  });

  it('without the lists the rule is judged for a quiet client and noted as rate-limited, as before', () => {
    const v = evaluateIptables(ufw, from('10.231.1.2'), 'iptables-nft');
    expect(v.decision).toBe('accept');
    expect(v.notes.map(noteText).some((n) => n.startsWith('rate-limited: '))).toBe(true);
  });

  it('the notes are keyed for translation, with the backend prefix the combined verdict adds', () => {
    const v = evaluateIptables(ufw, from('10.231.1.2', lists([1, 2, 3, 4, 12])), 'iptables-nft');
    const note = v.notes.find((n) => noteText(n).startsWith('rate limit reached'));
    expect(note && noteEvidence(fromBackend('iptables-nft', note))).toMatchObject({
      key: 'engine.ratelimit.reached',
      text: `iptables-nft: ${note ? noteText(note) : ''}`,
      params: { backend: 'iptables-nft: ', hits: 5, clears: 18 },
    });
    const quiet = evaluateIptables(ufw, from('10.231.1.2', lists([])), 'iptables-nft').notes.find((n) =>
      noteText(n).startsWith('rate limit not'),
    );
    expect(quiet && noteEvidence(quiet)).toMatchObject({
      key: 'engine.ratelimit.notReached',
      params: { backend: '', hits: 0, threshold: 5 },
    });
  });
});

describe('reading /proc/net/xt_recent and the kernel clock', () => {
  it('HZ and jiffies from the two lines of /proc/timer_list (a real one: HZ 250)', () => {
    expect(parseClock(fixture('timer-list-clock.txt'))).toMatchObject({ hz: 250 });
    expect(
      clockLines(
        `Timer List Version: v0.10\nnow at 63716827013486 nsecs\n #0: <x>, tick_nohz_handler, S:01\njiffies: 4310821436\njiffies: 4310821437\n`,
      ),
    ).toBe('now at 63716827013486 nsecs\njiffies: 4310821436\n');
    // A count that fits no kernel tick rate is not guessed.
    expect(parseClock('now at 63716827013486 nsecs\njiffies: 4315000000\n')).toBeNull();
    expect(parseClock('jiffies: 4310821436\n')).toBeNull();
  });

  it('each address with the age of every stamp, from a real list', () => {
    const entries = parseRecentList(fixture('xt-recent-DEFAULT.txt'), { jiffies: 4310711502, hz: 250 });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.address).toBe('10.231.1.2');
    expect(entries[0]?.ages).toHaveLength(11);
    expect(entries[0]?.ages[0]).toBeCloseTo((4310711502 - 4310710796) / 250);
    expect(Math.min(...(entries[0]?.ages ?? []))).toBe(2);
    // IPv6 entries are printed in full (%pI6): normalised.
    expect(
      parseRecentList('src=fd00:0231:0001:0000:0000:0000:0000:0002 ttl: 64 last_seen: 100 oldest_pkt: 1 100\n', { jiffies: 350, hz: 250 }),
    ).toEqual([{ address: 'fd00:231:1::2', ages: [1] }]);
  });

  it('only lists that a counting rule reads, by --name (DEFAULT when none)', () => {
    expect(countedRecentLists([fixture('ufw-limit-iptables.save')])).toEqual(['DEFAULT']);
    expect(
      countedRecentLists([
        '-A INPUT -m recent --rcheck --seconds 60 --name SSH -j DROP',
        '-A INPUT -m recent --set --name OTHER',
        '-A INPUT -m recent --update --name ../x -j DROP',
      ]),
    ).toEqual(['SSH']);
  });
});
