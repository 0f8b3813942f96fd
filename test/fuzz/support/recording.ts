import { createHandlers } from '../../../electron/handlers';
import type { HandlerTable, Services } from '../../../electron/handlers/types';
import type { CommandResult, CommandSpec, ComputeSpec, FileSpec, Runner } from '../../../electron/system/runner';
import { argvOf } from '../../../electron/system/runner';

/** One command, file read or walk a handler asked the runner for: recorded, never run. */
export interface RecordedCall {
  argv: string[];
  /** The string and number values of the validated request of the handler that was running, if one was. */
  validated: string[] | null;
}

/** Every string and number inside a value, as strings (what a request could put on a command line). */
export function leaves(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leaves(v, out, depth + 1);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves([k, v], out, depth + 1);
  return out;
}

/**
 * A runner that runs nothing: each command is recorded with the validated request of the handler it came from,
 * and answered "not installed" (or an empty success, so parsers see an empty output). Handlers are wrapped so
 * the recorder knows which validated request, if any, is behind each call.
 */
export class RecordingHarness {
  readonly calls: RecordedCall[] = [];
  private current: string[] | null = null;

  constructor(private readonly emptyOk = false) {}

  private answer(source: string, argv: string[]): CommandResult {
    this.calls.push({ argv, validated: this.current });
    if (this.emptyOk)
      return { kind: 'ok', source, argv, output: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 0 } };
    return { kind: 'error', source, argv, error: { reason: 'not-installed', detail: 'recorded by the fuzz harness; nothing runs' } };
  }

  /** The runner handlers get: live mode (so live-only paths run), recording every request. */
  readonly runner: Runner = {
    mode: 'live',
    run: async (spec: CommandSpec) => this.answer(spec.source, argvOf(spec)),
    readFile: async (spec: FileSpec) => this.answer(spec.source, ['<read>', spec.path]),
    compute: async (spec: ComputeSpec) => this.answer(spec.source, spec.argv),
  };

  /** Services around the recording runner; the data folder does not exist, so no fix or plan is ever found. */
  services(overrides: Partial<Services> = {}): Services {
    return {
      runner: this.runner,
      platform: 'linux',
      hostname: 'fuzz',
      release: '6.0',
      arch: 'x64',
      appVersion: '0.0.0-fuzz',
      elevated: true,
      replay: null,
      dataDir: '/nonexistent/portdoctor-fuzz',
      ...overrides,
    };
  }

  /**
   * The real handler table, each handler wrapped to note its validated request. Channels whose handlers reach
   * the network or spawn a capture outside the runner (`probe`, `watch`, five-step runs, SSH) get a stub that
   * only records that it was called with a validated request.
   */
  table(): { table: HandlerTable; invoked: { channel: string; request: unknown }[] } {
    const real = createHandlers() as unknown as Record<string, (req: unknown, ctx: unknown) => Promise<unknown>>;
    const invoked: { channel: string; request: unknown }[] = [];
    const wrapped: Record<string, (req: unknown, ctx: unknown) => Promise<unknown>> = {};
    for (const [channel, handler] of Object.entries(real)) {
      const offline = !/^(diagnose:probe|diagnose:run|capture:watch|remote:)/.test(channel);
      wrapped[channel] = async (req, ctx) => {
        invoked.push({ channel, request: req });
        if (!offline) return { kind: 'unavailable', reason: 'not-implemented', detail: 'stubbed by the fuzz harness' };
        const before = this.current;
        this.current = leaves(req);
        try {
          return await handler(req, ctx);
        } finally {
          this.current = before;
        }
      };
    }
    return { table: wrapped as unknown as HandlerTable, invoked };
  }
}
