import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT_OK, printError } from '../output';
import type { CliIo } from '../output';
import { parsePortArg } from '../parse-args';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';
import { writeFileAtomic, WriteRefused } from '../../system/safe-write';

/** `portdoctor collect`: record every probe's raw output into a report bundle. */
export function registerCollect(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('collect')
      .description("record every probe's raw output into a report bundle (*.portdoctor.json)")
      .addOption(new Option('--out <file>', 'write the bundle here instead of stdout (never through a symbolic link)'))
      .addOption(new Option('--force', 'replace the --out file if it exists'))
      .addOption(new Option('--port <port>', 'the port the report is about').argParser(parsePortArg)),
  ).action(async (opts: CommonOptions & { out?: string; force?: boolean; port?: number }) => {
    let written: { path: string; text: string } | null = null;
    const code = await runChannel(
      io,
      'collect',
      'reports:collect',
      { ...(opts.port ? { port: opts.port } : {}) },
      { ...opts, json: opts.out ? opts.json : true },
      (bundle) => {
        const text = `${JSON.stringify(bundle, null, 2)}\n`;
        if (opts.out) written = { path: opts.out, text };
        return {
          text: `report written to ${opts.out} (${Object.keys(bundle.sources).length} sources)`,
          exitCode: EXIT_OK,
          json: opts.out ? { schema: 'portdoctor.collect/1', out: opts.out, sources: Object.keys(bundle.sources) } : bundle,
        };
      },
    );
    if (written) {
      const { path, text } = written as { path: string; text: string };
      try {
        await writeFileAtomic(path, text, { mode: 0o600, overwrite: opts.force === true });
      } catch (e) {
        const message =
          e instanceof WriteRefused ? e.message : `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        return exit.set(printError(io, opts.json === true, 'collect', message));
      }
    }
    exit.set(code);
  });
}
