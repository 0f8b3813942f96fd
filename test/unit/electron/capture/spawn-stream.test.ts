import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../../../shared/bundle/sources';
import { spawnStream } from '../../../../electron/system/spawn-stream';

describe('spawnStream (real programs)', () => {
  it('feeds lines as they come and reports a normal exit', async () => {
    const lines: string[] = [];
    const r = await spawnStream({
      source: 't.seq' as SourceId,
      file: 'seq',
      args: ['1', '5'],
      durationMs: 5000,
      onLine: (l) => lines.push(l),
    });
    expect(lines).toEqual(['1', '2', '3', '4', '5']);
    expect(r).toMatchObject({ kind: 'ok', stoppedBy: 'exit', exitCode: 0, lines: 5 });
  });

  it('stops a program that outlives its time (SIGINT) and says so', async () => {
    const started = performance.now();
    const r = await spawnStream({ source: 't.sleep' as SourceId, file: 'sleep', args: ['30'], durationMs: 300 });
    expect(r).toMatchObject({ kind: 'ok', stoppedBy: 'time' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops at the line limit', async () => {
    const lines: string[] = [];
    const r = await spawnStream({
      source: 't.yes' as SourceId,
      file: 'yes',
      args: ['x'],
      durationMs: 5000,
      maxLines: 100,
      onLine: (l) => lines.push(l),
    });
    expect(r).toMatchObject({ kind: 'ok', stoppedBy: 'line-limit' });
    expect(lines).toHaveLength(100);
  });

  it('stops at the byte limit', async () => {
    const r = await spawnStream({
      source: 't.yes' as SourceId,
      file: 'yes',
      args: ['x'],
      durationMs: 5000,
      maxLines: 1e9,
      maxBytes: 64 * 1024,
    });
    expect(r).toMatchObject({ kind: 'ok', stoppedBy: 'output-limit' });
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await spawnStream({
      source: 't.sleep' as SourceId,
      file: 'sleep',
      args: ['30'],
      durationMs: 10_000,
      signal: controller.signal,
    });
    expect(r).toMatchObject({ kind: 'ok', stoppedBy: 'cancelled' });
  });

  it('a missing program is not-installed; arguments are never a shell string', async () => {
    expect(await spawnStream({ source: 't.none' as SourceId, file: 'no-such-program-pdc', args: [], durationMs: 1000 })).toMatchObject({
      kind: 'error',
      error: { reason: 'not-installed' },
    });
    const lines: string[] = [];
    await spawnStream({
      source: 't.echo' as SourceId,
      file: 'echo',
      args: ['a; touch /tmp/pdc-should-not-exist'],
      durationMs: 2000,
      onLine: (l) => lines.push(l),
    });
    expect(lines).toEqual(['a; touch /tmp/pdc-should-not-exist']);
  });
});
