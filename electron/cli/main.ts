import { runCli } from './program';
import { processIo } from './output';

/** The `portdoctor` executable: run, then exit with the contract's code (0 ok, 1 cause found, 2 usage/internal). */
void runCli(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
