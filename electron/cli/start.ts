import { runCli } from './program';
import { processIo } from './output';

/** Run the `portdoctor` executable on this process's argv, then exit with the contract's code (0 ok, 1 cause found, 2 usage/internal). */
export function startCli(): void {
  // A reader that stops early (`portdoctor ports | head`) closes the pipe: that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  void runCli(process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code;
  });
}
