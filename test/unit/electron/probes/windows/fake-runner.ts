import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CommandErrorReason, CommandResult, CommandSpec, FileSpec, Runner } from '../../../../../electron/system/runner';
import { argvOf } from '../../../../../electron/system/runner';

/** The real Windows outputs, kept in the repository (test/fixtures/windows, see its SOURCES.md). */
export const WINDOWS_FIXTURES = join(import.meta.dirname, '../../../../fixtures/windows');

/** A real fixture's bytes, exactly as captured (CRLF, GBK…). */
export function fixture(name: string): Buffer {
  return readFileSync(join(WINDOWS_FIXTURES, name));
}

/** What one source answers: output bytes or text, or a failure. */
export interface FakeAnswer {
  argv: string[];
  stdout?: string | Buffer;
  stderr?: string | Buffer;
  exitCode?: number;
  error?: CommandErrorReason;
}

const bytes = (v: string | Buffer | undefined): Buffer =>
  v === undefined ? Buffer.alloc(0) : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;

/**
 * A runner that answers from a table keyed by source id and asserts that each call's argv is
 * exactly the one expected: a probe that changes its command line fails the test.
 */
export class FakeRunner implements Runner {
  /** A fake Windows machine: `replay` so probes never touch this host (no live loopback connect); `live` to test that path. */
  constructor(
    private readonly answers: Record<string, FakeAnswer>,
    readonly mode: 'live' | 'replay' = 'replay',
  ) {}

  readonly calls: string[][] = [];

  async run(spec: CommandSpec): Promise<CommandResult> {
    const argv = argvOf(spec);
    this.calls.push(argv);
    const a = this.answers[spec.source];
    if (!a)
      return {
        kind: 'error',
        source: spec.source,
        argv,
        error: { reason: 'not-installed', detail: `${spec.file}: not on this fake machine` },
      };
    expect(argv, `argv of ${spec.source}`).toEqual(a.argv);
    const output = { stdout: bytes(a.stdout), stderr: bytes(a.stderr), exitCode: a.exitCode ?? 0, elapsedMs: 1 };
    if (a.error)
      return { kind: 'error', source: spec.source, argv, error: { reason: a.error, detail: `${spec.file} failed (${a.error})`, output } };
    if ((a.exitCode ?? 0) !== 0)
      return {
        kind: 'error',
        source: spec.source,
        argv,
        error: { reason: 'exit-code', detail: `${spec.file} exited with ${a.exitCode}`, output },
      };
    return { kind: 'ok', source: spec.source, argv, output };
  }

  async readFile(spec: FileSpec): Promise<CommandResult> {
    throw new Error(`Windows probes read no files, but ${spec.source} asked for ${spec.path}`);
  }
}
