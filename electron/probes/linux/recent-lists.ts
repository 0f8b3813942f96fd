import { readFile } from 'node:fs/promises';
import ipaddr from 'ipaddr.js';
import type { RecentEntry, RecentLists } from '../../../shared/firewall/types';
import { isIp, normalizeIp } from '../../../shared/net/address';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { textOf } from './sockets';

/**
 * The kernel's `-m recent` lists (`ufw limit` writes `--set` and `--update --seconds 30 --hitcount 6` on list
 * DEFAULT): /proc/net/xt_recent/<name> gives each address with its hits as jiffies; /proc/timer_list gives the
 * jiffies now and the monotonic clock, from which the kernel's HZ follows. Read only when a rule counts hits.
 */

// xt_recent list names: up to 200 bytes, no '/'; read only plain ones.
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const LIMIT = 32;

/** The lists counting rules (`-m recent --update/--rcheck`) read, in iptables-save texts; `--name` defaults to DEFAULT. */
export function countedRecentLists(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts)
    for (const line of text.split('\n')) {
      if (!line.includes('-m recent') || !/\s--(?:update|rcheck)\b/.test(line)) continue;
      names.add(/\s--name (\S+)/.exec(line)?.[1] ?? 'DEFAULT');
    }
  return [...names].filter((n) => NAME.test(n)).slice(0, LIMIT);
}

/** The recorded source of the kernel clock: "now at … nsecs" and the first "jiffies: …" line of /proc/timer_list. */
export const CLOCK_SOURCE = 'linux.proc.timer-list.clock';

/** The two lines of /proc/timer_list the clock needs. */
export function clockLines(timerList: string): string {
  const now = /^now at \d+ nsecs$/m.exec(timerList)?.[0];
  const jiffies = /^jiffies: \d+$/m.exec(timerList)?.[0];
  return [now, jiffies].filter(Boolean).join('\n') + '\n';
}

/** The kernel's tick rate and jiffies now, from /proc/timer_list ("now at N nsecs", "jiffies: J"). */
export function parseClock(timerList: string): { jiffies: number; hz: number } | null {
  const nowNs = /^now at (\d+) nsecs$/m.exec(timerList)?.[1];
  const jiffiesText = /^jiffies: (\d+)$/m.exec(timerList)?.[1];
  if (!nowNs || !jiffiesText) return null;
  const jiffies = Number(jiffiesText);
  const uptime = Number(nowNs) / 1e9;
  // 64-bit kernels start jiffies at 2^32 - 300·HZ (INITIAL_JIFFIES), so jiffies − 2^32 = HZ·(uptime − 300).
  if (!Number.isSafeInteger(jiffies) || uptime < 600) return null;
  const estimate = (jiffies - 2 ** 32) / (uptime - 300);
  const hz = [100, 250, 300, 1000].find((h) => Math.abs(estimate - h) / h < 0.01);
  return hz === undefined ? null : { jiffies, hz };
}

/** One list's text ("src=ADDR ttl: T last_seen: J oldest_pkt: I J1, J2, …" per address) as entries with hit ages in seconds. */
export function parseRecentList(text: string, clock: { jiffies: number; hz: number }): RecentEntry[] {
  const entries: RecentEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^src=(\S+) ttl: \d+ last_seen: \d+ oldest_pkt: \d+ ?(.*)$/.exec(line.trim());
    if (!m?.[1] || !isIp(m[1])) continue;
    const stamps = (m[2] ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isSafeInteger(n) && n > 0);
    const address = normalizeIp(m[1]);
    entries.push({
      address: address.includes(':') ? ipaddr.parse(address).toString() : address,
      ages: stamps.map((j) => Math.max(0, (clock.jiffies - j) / clock.hz)),
    });
  }
  return entries;
}

/** The lists named, read now; unavailable (with why) when a list or the clock cannot be read. */
export async function readRecentLists(runner: Runner, names: readonly string[]): Promise<Result<RecentLists>> {
  if (!runner.compute) return unavailable('not-implemented', 'this runner cannot read the kernel clock', 'sudo cat /proc/timer_list');
  // Only the two clock lines are kept: the rest of timer_list names processes with pending timers.
  const clockRead = await runner.compute({
    source: CLOCK_SOURCE,
    argv: ['<read>', '/proc/timer_list'],
    compute: async () => Buffer.from(clockLines(await readFile('/proc/timer_list', 'utf8')), 'utf8'),
  });
  const clockText = textOf(clockRead, 'sudo cat /proc/timer_list');
  if (clockText.kind !== 'ok') return clockText;
  const clock = parseClock(clockText.data);
  if (!clock)
    return unavailable('unparseable', 'the kernel clock (jiffies, HZ) could not be told from /proc/timer_list', 'cat /proc/timer_list');
  const lists: RecentLists['lists'] = {};
  for (const name of names) {
    const path = `/proc/net/xt_recent/${name}`;
    const r = textOf(
      await runner.readFile({
        source: `linux.xt-recent.${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
        path,
        maxBytes: 16 * 1024 * 1024,
      }),
      `cat ${path}`,
    );
    if (r.kind !== 'ok') return r;
    lists[name] = parseRecentList(r.data, clock);
  }
  return { kind: 'ok', data: { lists } };
}
