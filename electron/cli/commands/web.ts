import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { endWfpAuditWindows } from '../../handlers/firewall-wfp-audit';
import { createCliContext } from '../context';
import { EXIT_OK, printError } from '../output';
import type { CliIo } from '../output';
import { intArg } from '../parse-args';
import type { ExitSink } from '../common-options';
import { embeddedRenderer } from '../sea-assets';

/** Where `npm run build` puts the renderer, relative to the CLI bundle (dist/cli → dist/renderer); the binary embeds it instead. */
export function rendererDir(): string {
  // The standalone binary is one CommonJS script with no import.meta.url: its renderer is in its assets (embeddedRenderer).
  // Its staticDir then only anchors the bridge's path check (never '/', where that check would refuse everything).
  return import.meta.url ? fileURLToPath(new URL('../renderer', import.meta.url)) : join(dirname(process.execPath), 'renderer');
}

/** `portdoctor web`: the loopback bridge — the app in a browser, on 127.0.0.1 only, behind a token. */
export function registerWeb(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('web')
    .description('serve the app to a browser on 127.0.0.1 only (random token); reach it from elsewhere through an SSH tunnel')
    .addOption(new Option('--port <port>', 'listen on this loopback port instead of a random one').argParser(intArg(1024, 65535, 'port')))
    .addOption(new Option('--replay <file>', 'open this report bundle instead of the live machine'))
    .action(async (opts: { port?: number; replay?: string }) => {
      const readStatic = embeddedRenderer();
      const staticDir = rendererDir();
      if (!readStatic && !existsSync(staticDir))
        return exit.set(printError(io, false, 'web', `no built renderer at ${staticDir}; run npm run build first`));
      const made = await createCliContext(opts.replay);
      if (!made.ok) return exit.set(printError(io, false, 'web', made.error));
      // Loaded here, not at start-up: importing node:http builds its ESM facade, which loads undici (~20 ms on every CLI call).
      const { startBridge } = await import('../../bridge/server');
      const bridge = await startBridge({
        ...made.ctx,
        staticDir,
        ...(readStatic ? { readStatic } : {}),
        ...(opts.port ? { port: opts.port } : {}),
        log: (channel, why) => io.err(`bridge: rejected ${channel}: ${why}`),
      });
      io.out(
        `PortDoctor is serving on 127.0.0.1 only. Open:\n  ${bridge.url}\nFrom another machine: ssh -L ${bridge.port}:127.0.0.1:${bridge.port} <this-host>, then open the same URL.\nPress Ctrl+C to stop.`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // A drop-audit window still open ends first: its drops are read and auditing is turned off again.
      await endWfpAuditWindows();
      await bridge.close();
      exit.set(EXIT_OK);
    });
}
