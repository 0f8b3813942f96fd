import type { CommandResult, CommandSpec, FileSpec, Runner } from '../../../../electron/system/runner';

/** A scripted answer for an argv: exit code and what it printed. */
export interface Script {
  match: (argv: string[]) => boolean;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** The typed reason for a non-zero exit (default exit-code). */
  reason?: 'exit-code' | 'needs-admin';
  /** Answer from state instead (a stateful fake tool): exit code and output for this argv. */
  answer?: (argv: string[]) => { exitCode: number; stdout?: string; stderr?: string };
}

/** A runner that answers from scripts, records every argv it was asked to run, and never spawns. */
export function fakeRunner(scripts: Script[], files: Record<string, string> = {}): Runner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    const argv = [spec.file, ...spec.args];
    calls.push(argv);
    const found: Script = scripts.find((x) => x.match(argv)) ?? { match: () => true, exitCode: 0 };
    const s: Script = found.answer ? { ...found, ...found.answer(argv) } : found;
    const output = { stdout: Buffer.from(s.stdout ?? ''), stderr: Buffer.from(s.stderr ?? ''), exitCode: s.exitCode ?? 0, elapsedMs: 1 };
    if (output.exitCode === 0) return { kind: 'ok', source: spec.source, argv, output };
    return {
      kind: 'error',
      source: spec.source,
      argv,
      error: { reason: s.reason ?? 'exit-code', detail: `${spec.file} exited with ${output.exitCode}: ${s.stderr ?? ''}`, output },
    };
  };
  const readFile = async (spec: FileSpec): Promise<CommandResult> => {
    const argv = ['<read>', spec.path];
    const text = files[spec.path];
    if (text === undefined)
      return { kind: 'error', source: spec.source, argv, error: { reason: 'not-installed', detail: `${spec.path}: ENOENT` } };
    return {
      kind: 'ok',
      source: spec.source,
      argv,
      output: { stdout: Buffer.from(text), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 0 },
    };
  };
  return { mode: 'live', calls, run, readFile };
}

/** Match an argv by its leading words. */
export function startsWith(...prefix: string[]) {
  return (argv: string[]) => prefix.every((p, i) => argv[i] === p);
}

/** Match an argv containing a word. */
export function has(word: string) {
  return (argv: string[]) => argv.includes(word);
}

/**
 * A stateful iptables for the fake runner: `-I chain [n] spec` / `-A chain spec` add the rule, `-D chain spec` removes
 * it, `-C chain spec` exits 0 only while it is there (1 with iptables' own message otherwise), as the real tool does.
 */
export function fakeIptables(): Script & { rules: string[] } {
  const rules: string[] = [];
  const parse = (argv: string[]) => {
    const at = argv.findIndex((a) => ['-I', '-A', '-D', '-C'].includes(a));
    let spec = argv.slice(at + 2);
    if (argv[at] === '-I' && /^\d+$/.test(spec[0] ?? '')) spec = spec.slice(1);
    return { op: argv[at], key: [argv[0], ...argv.slice(at + 1, at + 2), ...spec].join(' ') };
  };
  const noRule = 'iptables: Bad rule (does a matching rule exist in that chain?).\n';
  return {
    rules,
    match: (argv) => /^ip6?tables/.test(argv[0] ?? '') && argv.some((a) => ['-I', '-A', '-D', '-C'].includes(a)),
    answer: (argv) => {
      const { op, key } = parse(argv);
      const at = rules.indexOf(key);
      if (op === '-I' || op === '-A') rules.push(key);
      else if (at === -1) return { exitCode: 1, stderr: noRule };
      else if (op === '-D') rules.splice(at, 1);
      return { exitCode: 0 };
    },
  };
}
