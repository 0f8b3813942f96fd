import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../../../shared/schemas/report';
import type { ExecResult, Isolated, Lab } from '../harness';
import { cliArgv, cliBinary } from '../harness/private-cli';

const CLI = fileURLToPath(new URL('../../../bin/portdoctor.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../dist/cli/portdoctor.js', import.meta.url));

/** Fail early with the fix when the CLI bundle is missing (the lab runs the built CLI, as users do). */
export function requireBuiltCli(): void {
  if (!cliBinary() && !existsSync(BUNDLE))
    throw new Error('dist/cli/portdoctor.js is missing: run `node scripts/build.mjs` (npm test builds first)');
}

/** The server/client pair most scenarios use: srv 10.231.1.1 / fd00:231:1::1, cli 10.231.1.2 / fd00:231:1::2. */
export async function serverAndClient(lab: Lab): Promise<{ srv: string; cli: string; srvIf: string }> {
  const srv = await lab.namespace('srv');
  const cli = await lab.namespace('cli');
  const { ifB } = await lab.link(cli, '10.231.1.2/24', srv, '10.231.1.1/24', { v6: ['fd00:231:1::2/64', 'fd00:231:1::1/64'] });
  return { srv, cli, srvIf: ifB };
}

export interface CheckRun {
  report: CheckReport;
  exitCode: number | null;
  raw: ExecResult;
}

/** Run `portdoctor check <port> --json …` inside the server namespace (or an isolated mount namespace in it). */
export async function runCheck(where: { lab: Lab; ns: string } | Isolated, port: number, extra: string[] = []): Promise<CheckRun> {
  const argv = [...cliArgv(CLI), 'check', String(port), '--json', ...extra];
  const raw = 'lab' in where ? await where.lab.exec(where.ns, argv, { timeoutMs: 60_000 }) : await where.exec(argv, { timeoutMs: 60_000 });
  let report: CheckReport;
  try {
    report = JSON.parse(raw.stdout) as CheckReport;
  } catch {
    throw new Error(`check printed no JSON (exit ${raw.code}): ${raw.stdout.slice(0, 400)} ${raw.stderr.slice(0, 400)}`);
  }
  return { report, exitCode: raw.code, raw };
}

/** The step of a report by id. */
export function stepOf(report: CheckReport, id: string) {
  const step = report.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${JSON.stringify(report.steps.map((s) => s.id))}`);
  return step;
}

/** The deciding-rule/policy evidence of the firewall step. */
export function decidingOf(report: CheckReport) {
  return stepOf(report, 'firewall').evidence.find((e) => e.kind === 'rule' || e.kind === 'policy');
}
