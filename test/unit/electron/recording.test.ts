import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../../shared/bundle/sources';
import { createLiveRunner } from '../../../electron/system/run-command';
import { RecordingRunner, createReplayRunner } from '../../../electron/system/recording';
import { parseBundleText } from '../../../shared/bundle/schema';
import type { Bundle } from '../../../shared/bundle/schema';

function bundleOf(sources: Bundle['sources']): Bundle {
  return {
    schema: 'portdoctor.bundle/1',
    appVersion: 't',
    recordedAt: '2026-01-01T00:00:00Z',
    platform: { os: 'linux', hostname: 'h' },
    sources,
  };
}

describe('record and replay', () => {
  it('replays exactly what was recorded, bytes included, through a JSON round trip', async () => {
    const recorder = new RecordingRunner(createLiveRunner());
    // "确定" in GBK: not valid UTF-8, so it must travel as base64.
    await recorder.run({ source: 'test.gbk' as SourceId, file: 'printf', args: ['\\310\\267\\266\\250'] });
    await recorder.run({ source: 'test.text' as SourceId, file: 'printf', args: ['hello\\n'] });
    await recorder.run({ source: 'test.fail' as SourceId, file: 'sh', args: ['-c', 'echo no >&2; exit 4'] });
    await recorder.run({ source: 'test.missing' as SourceId, file: 'portdoctor-no-such-tool', args: [] });
    expect(recorder.sources['test.gbk']?.stdout?.encoding).toBe('base64');
    expect(recorder.sources['test.text']?.stdout).toEqual({ encoding: 'utf8', data: 'hello\n' });

    const parsed = parseBundleText(JSON.stringify(bundleOf(recorder.sources)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const replay = createReplayRunner(parsed.bundle);
    expect(replay.mode).toBe('replay');

    const gbk = await replay.run({ source: 'test.gbk' as SourceId, file: 'anything', args: [] });
    expect(gbk.kind === 'ok' && [...gbk.output.stdout]).toEqual([0xc8, 0xb7, 0xb6, 0xa8]);
    const fail = await replay.run({ source: 'test.fail' as SourceId, file: 'sh', args: [] });
    expect(fail.kind === 'error' && fail.error.reason).toBe('exit-code');
    expect(fail.kind === 'error' && fail.error.output?.stderr.toString()).toBe('no\n');
    expect(fail.kind === 'error' && fail.error.output?.exitCode).toBe(4);
    const missing = await replay.run({ source: 'test.missing' as SourceId, file: 'x', args: [] });
    expect(missing.kind === 'error' && missing.error.reason).toBe('not-installed');
    const never = await replay.run({ source: 'test.never' as SourceId, file: 'x', args: [] });
    expect(never.kind === 'error' && never.error.reason).toBe('not-recorded');
  });

  it('never runs anything in replay, whatever the spec says', async () => {
    const replay = createReplayRunner(bundleOf({}));
    const r = await replay.run({ source: 'test.touch' as SourceId, file: 'touch', args: ['/tmp/portdoctor-replay-must-not-run'] });
    expect(r.kind === 'error' && r.error.reason).toBe('not-recorded');
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/portdoctor-replay-must-not-run')).toBe(false);
  });

  it('ignores prototype keys in a hostile bundle', async () => {
    const replay = createReplayRunner(bundleOf({}));
    const r = await replay.run({ source: '__proto__' as SourceId, file: 'x', args: [] });
    expect(r.kind === 'error' && r.error.reason).toBe('not-recorded');
  });
});

describe('parseBundleText', () => {
  it('refuses what is not ours, malformed or huge', () => {
    expect(parseBundleText('not json').ok).toBe(false);
    expect(parseBundleText('{"schema":"other/1"}').ok).toBe(false);
    const bad = parseBundleText(JSON.stringify({ ...bundleOf({}), sources: { 'rm -rf': { argv: [] } } }));
    expect(bad.ok).toBe(false);
    expect(parseBundleText('x'.repeat(33 * 1024 * 1024)).ok).toBe(false);
  });
  it('accepts a BOM-prefixed bundle', () => {
    expect(parseBundleText(`\uFEFF${JSON.stringify(bundleOf({}))}`).ok).toBe(true);
  });
});
