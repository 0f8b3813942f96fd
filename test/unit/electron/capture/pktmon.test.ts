import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePktmon } from '../../../../electron/capture/parse-pktmon';
import { readCapture } from '../../../../electron/capture/read-capture';
import { summarizeCapture } from '../../../../electron/capture/summarize-capture';
import type { CommandResult, CommandSpec, Runner } from '../../../../electron/system/runner';
import type { StreamResult, StreamSpawner, StreamSpec } from '../../../../electron/system/spawn-stream';

// A real `pktmon start --etw --log-mode real-time` excerpt published by its author (see SOURCES.md): one
// outbound SYN logged at four components, then the SYN-ACK's first appearance.
const text = readFileSync(new URL('../../../fixtures/capture/windows/pktmon-realtime.public.txt', import.meta.url), 'utf8');

/** A runner that records argv and answers like pktmon does when it succeeds (or fails the first call). */
function fakeRunner(fail?: CommandResult['kind'] extends string ? { reason: 'needs-admin' | 'not-installed'; detail: string } : never): { runner: Runner; calls: string[][] } {
  const calls: string[][] = [];
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    calls.push([spec.source, spec.file, ...spec.args]);
    if (fail && calls.length === 1) return { kind: 'error', source: spec.source, argv: [spec.file, ...spec.args], error: fail };
    return { kind: 'ok', source: spec.source, argv: [spec.file, ...spec.args], output: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 } };
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
      return { kind: 'ok', source: spec.source, argv: [spec.file, ...spec.args], stoppedBy: 'time', exitCode: null, lines: 10, stderr: '', elapsedMs: 1 };
    },
  };
}

describe('pktmon text', () => {
  it('keeps each packet once (first appearance), with direction, addresses, ports and flags', () => {
    const packets = parsePktmon(text);
    expect(packets).toHaveLength(2);
    expect(packets[0]).toMatchObject({ time: '23:02:26.539704700', direction: 'out', family: 4, src: '192.168.0.62', sport: 65066, dst: '172.217.2.115', dport: 443, flags: 'S', seq: 1995496356 });
    expect(packets[1]).toMatchObject({ direction: 'in', src: '172.217.2.115', sport: 443, dst: '192.168.0.62', flags: 'S.' });
  });

  it('an outbound SYN is this host acting as a client, not a peer of the watched port', () => {
    expect(summarizeCapture(parsePktmon(text), 443)).toEqual([]);
  });

  it('ignores lines that are not packets', () => {
    expect(parsePktmon('Active measurement started.\nProcessing...\n')).toEqual([]);
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
    expect(specs[0]).toMatchObject({ source: 'windows.pktmon.capture', file: 'pktmon.exe', args: ['start', '--capture', '--comp', 'nics', '--pkt-size', '128', '-m', 'real-time'], durationMs: 3000 });
    expect(r).toMatchObject({ kind: 'ok', data: { capture: { tool: 'pktmon', packets: 2 } } });
  });

  it('without administrator rights: unknown (needs-admin) with the commands', async () => {
    const { runner, calls } = fakeRunner({ reason: 'needs-admin', detail: 'Access is denied.' });
    const r = await readCapture(replayingSpawner('').spawner, 'win32', { port: 443, seconds: 1 }, runner);
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'needs-admin' });
    expect(calls).toHaveLength(1);
  });
});
