import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePktmon, unreadPktmonReason } from '../../../../electron/capture/parse-pktmon';
import type { PktmonLineStats } from '../../../../electron/capture/parse-pktmon';
import { readCapture } from '../../../../electron/capture/read-capture';
import { summarizeCapture } from '../../../../electron/capture/summarize-capture';
import type { CommandResult, CommandSpec, Runner } from '../../../../electron/system/runner';
import type { StreamResult, StreamSpawner, StreamSpec } from '../../../../electron/system/spawn-stream';
import { ORDERS, translateLine, variants } from './pktmon-variants';

// A real `pktmon start --etw --log-mode real-time` excerpt published by its author (see SOURCES.md): one
// outbound SYN logged at four components, then the SYN-ACK's first appearance.
const text = readFileSync(new URL('../../../fixtures/capture/windows/pktmon-realtime.public.txt', import.meta.url), 'utf8');
// A real ko-KR `pktmon etl2txt` header (labels translated) and its packet line, published by its author (SOURCES.md).
const korean = readFileSync(new URL('../../../fixtures/capture/windows/pktmon-etl2txt.ko-KR.public.txt', import.meta.url), 'utf8');

/** A runner that records argv and answers like pktmon does when it succeeds (or fails the first call). */
function fakeRunner(fail?: CommandResult['kind'] extends string ? { reason: 'needs-admin' | 'not-installed'; detail: string } : never): {
  runner: Runner;
  calls: string[][];
} {
  const calls: string[][] = [];
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    calls.push([spec.source, spec.file, ...spec.args]);
    if (fail && calls.length === 1) return { kind: 'error', source: spec.source, argv: [spec.file, ...spec.args], error: fail };
    return {
      kind: 'ok',
      source: spec.source,
      argv: [spec.file, ...spec.args],
      output: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 },
    };
  };
  return { runner: { mode: 'live', run, readFile: run as unknown as Runner['readFile'] }, calls };
}

function replayingSpawner(lines: string): { spawner: StreamSpawner; specs: StreamSpec[] } {
  const specs: StreamSpec[] = [];
  return {
    specs,
    spawner: async (spec): Promise<StreamResult> => {
      specs.push(spec);
      for (const l of lines.split('\n')) spec.onLine?.(l);
      return {
        kind: 'ok',
        source: spec.source,
        argv: [spec.file, ...spec.args],
        stoppedBy: 'time',
        exitCode: null,
        lines: 10,
        stderr: '',
        elapsedMs: 1,
      };
    },
  };
}

describe('pktmon text', () => {
  it('keeps each packet once (first appearance), with direction, addresses, ports and flags', () => {
    const packets = parsePktmon(text);
    expect(packets).toHaveLength(2);
    expect(packets[0]).toMatchObject({
      time: '23:02:26.539704700',
      direction: 'out',
      family: 4,
      src: '192.168.0.62',
      sport: 65066,
      dst: '172.217.2.115',
      dport: 443,
      flags: 'S',
      seq: 1995496356,
    });
    expect(packets[1]).toMatchObject({ direction: 'in', src: '172.217.2.115', sport: 443, dst: '192.168.0.62', flags: 'S.' });
  });

  it('an outbound SYN is this host acting as a client, not a peer of the watched port', () => {
    expect(summarizeCapture(parsePktmon(text), 443)).toEqual([]);
  });

  it('ignores lines that are not packets', () => {
    expect(parsePktmon('Active measurement started.\nProcessing...\n')).toEqual([]);
  });
});

describe('pktmon text in other languages (labels read by shape)', () => {
  it('reads the real ko-KR etl2txt line: translated labels, etl2txt prefix, direction from the Tx field', () => {
    const stats: PktmonLineStats = { unread: 0 };
    const packets = parsePktmon(korean, stats);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({
      time: '15:52:24.345685300',
      direction: 'out',
      family: 4,
      src: '192.0.2.10',
      sport: 65375,
      dst: '192.0.2.1',
      dport: 443,
      flags: 'S',
      seq: 1612461100,
    });
    expect(stats.unread).toBe(0);
  });

  const english = parsePktmon(text);
  for (const v of variants(text)) {
    it(`${v.name}: the same packets as the English output`, () => {
      expect(v.text).not.toBe(text);
      const stats: PktmonLineStats = { unread: 0 };
      expect(parsePktmon(v.text, stats)).toEqual(english);
      expect(stats.unread).toBe(0);
    });
  }

  it('the generator really translates and reorders (a parser that needed the English labels would read nothing)', () => {
    const line = text.split('\n')[0] ?? '';
    const ko = translateLine(line, { Component: '구성 요소', Direction: '방향' }, ORDERS.reversed ?? ((n) => [n]));
    expect(ko).toContain('구성 요소 78');
    expect(ko).not.toContain('Direction');
    expect(ko.indexOf('PktGroupId')).toBeGreaterThan(ko.indexOf('방향'));
  });

  it('packet-shaped output it cannot read is counted, and 0 packets from it is unknown with the reason', () => {
    // Fields joined by `;` instead of `,`: not a shape we know. The packet lines stay real.
    const odd = text
      .replace(/, /g, '; ')
      .replace(/; ethertype/g, ', ethertype')
      .replace(/; (seq|win|options|length|ack) /g, ', $1 ');
    const stats: PktmonLineStats = { unread: 0 };
    expect(parsePktmon(odd, stats)).toEqual([]);
    expect(stats.unread).toBeGreaterThan(0);
    expect(unreadPktmonReason(0, stats)).toMatch(/could not read .*does not mean no SYN arrived/);
    expect(unreadPktmonReason(1, stats)).toBeNull();
  });

  it('a capture that printed only its banner is a real zero (no packet-shaped line)', () => {
    const stats: PktmonLineStats = { unread: 0 };
    expect(parsePktmon('Active measurement started.\nProcessing...\n', stats)).toEqual([]);
    expect(unreadPktmonReason(0, stats)).toBeNull();
  });
});

describe('readCapture on Windows (pktmon, fake runner)', () => {
  it('runs the exact pktmon argv: clear, filter, real-time capture, then always stop and clear', async () => {
    const { runner, calls } = fakeRunner();
    const { spawner, specs } = replayingSpawner(text);
    const r = await readCapture(spawner, 'win32', { port: 443, seconds: 3 }, runner);
    expect(calls).toEqual([
      ['windows.pktmon.filter-remove', 'pktmon.exe', 'filter', 'remove'],
      ['windows.pktmon.filter-add', 'pktmon.exe', 'filter', 'add', 'PortDoctor', '-t', 'TCP', '-p', '443'],
      ['windows.pktmon.stop', 'pktmon.exe', 'stop'],
      ['windows.pktmon.filter-remove-after', 'pktmon.exe', 'filter', 'remove'],
    ]);
    expect(specs[0]).toMatchObject({
      source: 'windows.pktmon.capture',
      file: 'pktmon.exe',
      args: ['start', '--capture', '--comp', 'nics', '--pkt-size', '128', '-m', 'real-time'],
      durationMs: 3000,
    });
    expect(r).toMatchObject({ kind: 'ok', data: { capture: { tool: 'pktmon', packets: 2 } } });
  });

  it('output shaped like packets but unreadable: unknown (unparseable), never an empty capture', async () => {
    const { runner } = fakeRunner();
    const odd = text
      .replace(/, /g, '; ')
      .replace(/; ethertype/g, ', ethertype')
      .replace(/; (seq|win|options|length|ack) /g, ', $1 ');
    const r = await readCapture(replayingSpawner(odd).spawner, 'win32', { port: 443, seconds: 1 }, runner);
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    expect(r.kind === 'unavailable' ? r.detail : '').toMatch(/5 line\(s\) shaped like packet output/);
  });

  it('without administrator rights: unknown (needs-admin) with the commands', async () => {
    const { runner, calls } = fakeRunner({ reason: 'needs-admin', detail: 'Access is denied.' });
    const r = await readCapture(replayingSpawner('').spawner, 'win32', { port: 443, seconds: 1 }, runner);
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'needs-admin' });
    expect(calls).toHaveLength(1);
  });
});
