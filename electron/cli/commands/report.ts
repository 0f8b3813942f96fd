import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { CheckReportSchema } from '../../../shared/schemas/report';
import { formatFleetHtml, formatFleetMarkdown, mergeFleet } from '../../../shared/report/fleet';
import type { FleetInput } from '../../../shared/report/fleet';
import type { ExitSink } from '../common-options';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import type { CliIo } from '../output';
import { writeFileAtomic, WriteRefused } from '../../system/safe-write';

/** A check result is untrusted input (it came back from another host): capped before reading, then schema-checked. */
const MAX_RESULT_BYTES = 8 * 1024 * 1024;

/** `label=path`, or a path whose folder names the host (`<dest>/<inventory_hostname>/check-<port>.json`, as the playbook writes). */
export function fleetArg(arg: string): { host: string; file: string } {
  const eq = /^([A-Za-z0-9._:@[\]-]{1,253})=(.+)$/.exec(arg);
  if (eq?.[1] && eq[2]) return { host: eq[1], file: eq[2] };
  return { host: basename(dirname(resolve(arg))), file: arg };
}

async function readResult(host: string, file: string): Promise<FleetInput> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { host, file, error: `${file} is not a file` };
    if (info.size > MAX_RESULT_BYTES) return { host, file, error: `${file} is larger than ${MAX_RESULT_BYTES} bytes` };
    const parsed = CheckReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success)
      return {
        host,
        file,
        error: `${basename(file)} is not a portdoctor.check/1 result: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
      };
    return { host, file, report: parsed.data };
  } catch (e) {
    return {
      host,
      file,
      error:
        e instanceof SyntaxError
          ? `${basename(file)} is not JSON`
          : `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
}

/** `portdoctor report --merge <files…> --md <f> --html <f>`: one host × port × cause × deciding-rule table. */
export function registerReport(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('report')
    .description(
      'merge `check --json` results from many hosts (a fleet run) into one table: host × port × cause × deciding rule, with the fixes',
    )
    .addOption(
      new Option('--merge <files...>', 'check results; the host is the folder each sits in, or give label=file').makeOptionMandatory(),
    )
    .addOption(new Option('--md <file>', 'write the table as Markdown'))
    .addOption(new Option('--html <file>', 'write the table as one self-contained HTML page'))
    .addOption(new Option('--force', 'overwrite the output files if they exist'))
    .addOption(new Option('--json', 'print the merged rows as one JSON document'))
    .action(async (opts: { merge: string[]; md?: string; html?: string; force?: boolean; json?: boolean }) => {
      const json = opts.json === true;
      if (opts.merge.length > 10_000)
        return exit.set(printError(io, json, 'report', `at most 10000 results at once (got ${opts.merge.length})`));
      const inputs = await Promise.all(opts.merge.map(fleetArg).map((a) => readResult(a.host, a.file)));
      const rows = mergeFleet(inputs);
      const when = new Date().toISOString();
      try {
        // Whole files, put in place atomically; an existing file is replaced only with --force, a symbolic link never.
        const overwrite = opts.force === true;
        if (opts.md) await writeFileAtomic(opts.md, formatFleetMarkdown(rows, undefined, when), { mode: 0o644, overwrite });
        if (opts.html) await writeFileAtomic(opts.html, formatFleetHtml(rows, undefined, when), { mode: 0o644, overwrite });
      } catch (e) {
        return exit.set(
          printError(
            io,
            json,
            'report',
            e instanceof WriteRefused ? e.message : `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          ),
        );
      }
      if (json) printJson(io, { schema: 'portdoctor.fleet/1', rows });
      else
        io.out(
          defuseDeep(rows, FIELD_MAX)
            .map((r) => `${r.host}\t${r.port}\t${r.cause}\t${r.error ?? r.decidedBy}`)
            .join('\n'),
        );
      // As for one check: 0 when every host is ok, 1 when any host has a cause (or no result).
      exit.set(rows.every((r) => r.cause === 'ok') ? EXIT_OK : EXIT_CAUSE_FOUND);
    });
}
