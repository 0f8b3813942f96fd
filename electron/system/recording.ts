import type { Bundle, RecordedBytes, RecordedSource } from '../../shared/bundle/schema';
import type { CommandErrorReason, CommandResult, CommandSpec, ComputeSpec, FileSpec, Runner } from './runner';
import { argvOf, COMMAND_ERROR_REASONS } from './runner';

/** Store bytes as UTF-8 text when they round-trip, base64 otherwise (GBK, UTF-16, binary). */
export function encodeBytes(buf: Buffer): RecordedBytes {
  const text = buf.toString('utf8');
  return Buffer.from(text, 'utf8').equals(buf) ? { encoding: 'utf8', data: text } : { encoding: 'base64', data: buf.toString('base64') };
}

export function decodeBytes(bytes: RecordedBytes | undefined): Buffer {
  if (!bytes) return Buffer.alloc(0);
  return bytes.encoding === 'utf8' ? Buffer.from(bytes.data, 'utf8') : Buffer.from(bytes.data, 'base64');
}

/** A command result as a bundle entry. */
export function recordResult(result: CommandResult): RecordedSource {
  if (result.kind === 'ok') {
    const o = result.output;
    return {
      argv: result.argv,
      stdout: encodeBytes(o.stdout),
      stderr: encodeBytes(o.stderr),
      exitCode: o.exitCode,
      elapsedMs: o.elapsedMs,
    };
  }
  const o = result.error.output;
  const entry: RecordedSource = { argv: result.argv, error: { reason: result.error.reason, detail: result.error.detail } };
  if (o)
    Object.assign(entry, { stdout: encodeBytes(o.stdout), stderr: encodeBytes(o.stderr), exitCode: o.exitCode, elapsedMs: o.elapsedMs });
  return entry;
}

/** A bundle entry back into the result the probe saw when it was recorded. */
export function replayResult(source: string, entry: RecordedSource): CommandResult {
  const output =
    entry.stdout || entry.stderr
      ? {
          stdout: decodeBytes(entry.stdout),
          stderr: decodeBytes(entry.stderr),
          exitCode: entry.exitCode ?? null,
          elapsedMs: entry.elapsedMs ?? 0,
        }
      : undefined;
  if (entry.error) {
    const reason: CommandErrorReason = (COMMAND_ERROR_REASONS as readonly string[]).includes(entry.error.reason)
      ? (entry.error.reason as CommandErrorReason)
      : 'not-recorded';
    const error = output ? { reason, detail: entry.error.detail, output } : { reason, detail: entry.error.detail };
    return { kind: 'error', source, argv: entry.argv, error };
  }
  return {
    kind: 'ok',
    source,
    argv: entry.argv,
    output: output ?? { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: entry.exitCode ?? 0, elapsedMs: 0 },
  };
}

/** Wraps a runner and keeps what every source printed, for `collect` and saved reports. */
export class RecordingRunner implements Runner {
  readonly mode = 'live' as const;
  readonly sources: Record<string, RecordedSource> = {};

  constructor(private readonly inner: Runner) {}

  async run(spec: CommandSpec): Promise<CommandResult> {
    const result = await this.inner.run(spec);
    this.sources[spec.source] = recordResult(result);
    return result;
  }

  async readFile(spec: FileSpec): Promise<CommandResult> {
    const result = await this.inner.readFile(spec);
    this.sources[spec.source] = recordResult(result);
    return result;
  }

  async compute(spec: ComputeSpec): Promise<CommandResult> {
    const result = this.inner.compute
      ? await this.inner.compute(spec, true)
      : ({
          kind: 'error',
          source: spec.source,
          argv: spec.argv,
          error: { reason: 'not-recorded', detail: 'this runner cannot compute sources' },
        } as const);
    this.sources[spec.source] = recordResult(result);
    return result;
  }
}

/** Feeds a bundle's recorded outputs to the probes; runs nothing. A source that was not recorded is `not-recorded`. */
export function createReplayRunner(bundle: Pick<Bundle, 'sources'>): Runner {
  const lookup = (source: string, argv: string[]): CommandResult => {
    const entry = Object.prototype.hasOwnProperty.call(bundle.sources, source) ? bundle.sources[source] : undefined;
    if (!entry) return { kind: 'error', source, argv, error: { reason: 'not-recorded', detail: `the report has no output for ${source}` } };
    return replayResult(source, entry);
  };
  return {
    mode: 'replay',
    run: async (spec: CommandSpec) => lookup(spec.source, argvOf(spec)),
    readFile: async (spec: FileSpec) => lookup(spec.source, ['<read>', spec.path]),
    compute: async (spec: ComputeSpec) => lookup(spec.source, spec.argv),
  };
}
