import { startCli } from './start';

/** The `portdoctor` executable (dist/cli, and the standalone binary's script where it has no startup snapshot). */
startCli();
