import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../../shared/bundle/sources';
import { runCommand, readFileSource } from '../../../electron/system/run-command';
import { decodeOutput } from '../../../electron/system/decode';

describe('runCommand', () => {
  it('passes arguments verbatim, never through a shell', async () => {
    const hostile = '$(id); rm -rf / `whoami` | cat > /tmp/x';
    const r = await runCommand({ source: 'test.echo' as SourceId, file: 'printf', args: ['%s', hostile] });
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.output.stdout.toString()).toBe(hostile);
  });

  it('runs tools in the C locale', async () => {
    const r = await runCommand({ source: 'test.env' as SourceId, file: 'env', args: [] });
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.output.stdout.toString()).toMatch(/^LC_ALL=C$/m);
  });

  it('reports a missing binary as not-installed', async () => {
    const r = await runCommand({ source: 'test.missing' as SourceId, file: 'portdoctor-no-such-tool', args: [] });
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.error.reason).toBe('not-installed');
    expect(r.argv).toEqual(['portdoctor-no-such-tool']);
  });

  it('kills a process that passes its timeout', async () => {
    const started = Date.now();
    const r = await runCommand({ source: 'test.sleep' as SourceId, file: 'sleep', args: ['10'], timeoutMs: 200 });
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('caps huge output and says so', async () => {
    const r = await runCommand({ source: 'test.yes' as SourceId, file: 'yes', args: [], maxBytes: 64 * 1024, timeoutMs: 5000 });
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.error.reason).toBe('output-limit');
      expect(r.error.output?.stdout.length ?? 0).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('keeps non-UTF-8 output as bytes (GBK from a zh-CN console)', async () => {
    // "确定" in code page 936.
    const r = await runCommand({ source: 'test.gbk' as SourceId, file: 'printf', args: ['\\310\\267\\266\\250'] });
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') {
      expect([...r.output.stdout]).toEqual([0xc8, 0xb7, 0xb6, 0xa8]);
      expect(decodeOutput(r.output.stdout, 'cp936')).toBe('确定');
    }
  });

  it('returns a non-zero exit with its output, and spots permission errors', async () => {
    const fail = await runCommand({ source: 'test.false' as SourceId, file: 'sh', args: ['-c', 'echo out; echo oops >&2; exit 3'] });
    expect(fail.kind).toBe('error');
    if (fail.kind === 'error') {
      expect(fail.error.reason).toBe('exit-code');
      expect(fail.error.output?.exitCode).toBe(3);
      expect(fail.error.output?.stdout.toString()).toBe('out\n');
    }
    const denied = await runCommand({
      source: 'test.denied' as SourceId,
      file: 'sh',
      args: ['-c', 'echo "Operation not permitted (you must be root)" >&2; exit 1'],
    });
    expect(denied.kind === 'error' && denied.error.reason).toBe('needs-admin');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const pending = runCommand({ source: 'test.cancel' as SourceId, file: 'sleep', args: ['10'], signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await pending;
    expect(r.kind === 'error' && r.error.reason).toBe('cancelled');
  });
});

describe('readFileSource', () => {
  it('reads a file as a source and reports a missing one', async () => {
    const ok = await readFileSource({ source: 'linux.proc.version' as SourceId, path: '/proc/version' });
    expect(ok.kind).toBe('ok');
    expect(ok.argv).toEqual(['<read>', '/proc/version']);
    const missing = await readFileSource({ source: 'test.none' as SourceId, path: '/nonexistent/portdoctor' });
    expect(missing.kind === 'error' && missing.error.reason).toBe('not-installed');
  });
});

describe('decodeOutput', () => {
  it('strips BOMs and decodes UTF-16', () => {
    expect(decodeOutput(Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x5d]))).toBe('[]');
    expect(decodeOutput(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]))).toBe('{}');
  });
  it('decodes with the code page asked for, even when the bytes happen to be valid UTF-8', () => {
    // C8 B7 is "确" in GBK and also a valid UTF-8 sequence ("ȷ").
    expect(decodeOutput(Buffer.from([0xc8, 0xb7]), 'cp936')).toBe('确');
    expect(decodeOutput(Buffer.from('确定。', 'utf8'), 'utf8')).toBe('确定。');
  });
});
