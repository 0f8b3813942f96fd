import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureFilter, readCapture, tcpdumpArgs } from '../../../../electron/capture/read-capture';
import { packetEvent } from '../../../../electron/capture/watch-port';
import { parseTcpdumpLine } from '../../../../electron/capture/parse-tcpdump';
import type { StreamResult, StreamSpawner, StreamSpec } from '../../../../electron/system/spawn-stream';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/capture/${name}`, import.meta.url), 'utf8');

/** A spawner that replays a real tcpdump run (stdout lines, stderr, exit) and records the spec it got. */
function replaying(
  stdout: string,
  stderr: string,
  exitCode: number,
  stoppedBy: 'exit' | 'time' = 'time',
): { spawner: StreamSpawner; specs: StreamSpec[] } {
  const specs: StreamSpec[] = [];
  const spawner: StreamSpawner = async (spec): Promise<StreamResult> => {
    specs.push(spec);
    const lines = stdout.split('\n').filter(Boolean);
    for (const l of lines) spec.onLine?.(l);
    return {
      kind: 'ok',
      source: spec.source,
      argv: [spec.file, ...spec.args],
      stoppedBy,
      exitCode,
      lines: lines.length,
      stderr,
      elapsedMs: 1,
    };
  };
  return { spawner, specs };
}

describe('readCapture (Linux tcpdump)', () => {
  it('runs tcpdump with an argument array bounded by time and packet count, and summarises per peer', async () => {
    const { spawner, specs } = replaying(fixture('host-drop.tcpdump.txt'), fixture('host-drop.tcpdump.stderr.txt'), 0);
    const events: string[] = [];
    const r = await readCapture(spawner, 'linux', { port: 8080, seconds: 5, onPacket: (p) => events.push(p.flags ?? '') });
    expect(specs[0]).toMatchObject({ file: 'tcpdump', source: 'linux.tcpdump.capture', durationMs: 5000 });
    expect(specs[0]?.args).toEqual(['-i', 'any', '-nn', '-l', '--immediate-mode', '-tttt', '-c', '5000', captureFilter(8080)]);
    expect(events).toEqual(['S', 'S', 'S']);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.peers).toEqual([expect.objectContaining({ address: '10.77.1.2', syn: 3, retransmissions: 2, result: 'unanswered' })]);
    expect(r.data.capture).toMatchObject({ tool: 'tcpdump', packets: 3, stoppedBy: 'time' });
  });

  it('without the privilege to capture: unavailable needs-admin with the command, never an empty pass', async () => {
    const { spawner } = replaying('', fixture('no-permission.tcpdump.stderr.txt'), 1, 'exit');
    const r = await readCapture(spawner, 'linux', { port: 8080, seconds: 2 });
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'needs-admin' });
    if (r.kind === 'unavailable') expect(r.command).toMatch(/^sudo tcpdump /);
  });

  it('tcpdump missing: not-installed with how to get it', async () => {
    const spawner: StreamSpawner = async (spec) => ({
      kind: 'error',
      source: spec.source,
      argv: [spec.file],
      error: { reason: 'not-installed', detail: 'spawn tcpdump ENOENT' },
    });
    expect(await readCapture(spawner, 'linux', { port: 80, seconds: 1 })).toMatchObject({ kind: 'unavailable', reason: 'not-installed' });
  });

  it('the filter only ever carries a validated port number', () => {
    expect(() => captureFilter(0)).toThrow();
    expect(() => captureFilter(70000)).toThrow();
    expect(tcpdumpArgs(22, 10)).toContain(
      'tcp port 22 or (icmp and icmp[0] = 3 and icmp[30:2] = 22) or (icmp6 and ip6[40] = 1 and ip6[90:2] = 22)',
    );
  });

  it('stream events name the peer and the flags (icmp for ICMP errors)', () => {
    const [syn, icmp] = fixture('reject-admin-prohibited.tcpdump.txt')
      .split('\n')
      .map((l) => parseTcpdumpLine(l));
    expect(packetEvent(syn!, 8080)).toMatchObject({ type: 'packet', peer: '10.77.1.2', flags: 'S' });
    expect(packetEvent(icmp!, 8080)).toMatchObject({ type: 'packet', peer: '10.77.1.2', flags: 'icmp' });
  });
});
