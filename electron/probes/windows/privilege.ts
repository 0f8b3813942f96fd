import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseElevation } from './parse-identity';
import { WINDOWS_SOURCES } from './sources';

/** Whether the probes run elevated (High or System integrity in `whoami /groups`); null when it cannot be told. */
export async function readWindowsElevation(runner: Runner, codePage: number | null): Promise<boolean | null> {
  const r = await runConsole(runner, WINDOWS_SOURCES.groups, codePage);
  return r.kind === 'ok' ? parseElevation(r.data.stdout) : null;
}

/** What a non-elevated run cannot see, so the report says what was skipped. */
export function skippedWithoutElevation(elevated: boolean | null): string[] {
  if (elevated !== false) return [];
  return [
    'program paths and command lines of other users\u2019 processes and services (Win32_Process): program-scoped firewall rules may stay unknown',
    'request queues in http.sys (netsh http show servicestate) may be hidden',
  ];
}
