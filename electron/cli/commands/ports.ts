import type { Command } from 'commander';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import { EXIT_OK } from '../output';
import type { CliIo } from '../output';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor ports`: listening sockets and connections with their owners. */
export function registerPorts(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(program.command('ports').description('list listening sockets and connection states with their owners')).action(
    async (opts: CommonOptions) => {
      exit.set(
        await runChannel(io, 'ports', 'ports:list', { owners: true }, opts, (list) => ({
          text: list.sockets
            .map(
              (s) =>
                `${s.protocol}${s.family === 6 ? '6' : ''} ${s.state.padEnd(12)} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort} ${s.owner ? `${s.owner.pid}/${s.owner.name ?? '?'}` : '-'}`,
            )
            .join('\n'),
          exitCode: EXIT_OK,
        })),
      );
    },
  );
}
