import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import { decodeOutput } from '../../system/decode';
import type { CommandSpec, Runner } from '../../system/runner';
import { parseOemCodePage } from './parse-identity';
import { WINDOWS_SOURCES, windowsCommandLine } from './sources';

/** What a console tool printed, decoded. */
export interface ConsoleText {
  stdout: string;
  stderr: string;
}

/** UTF-16LE without a BOM: ASCII text has a zero in every odd byte. */
export function looksUtf16(buf: Buffer): boolean {
  if (buf.length < 4 || buf.length % 2 !== 0) return false;
  let zeros = 0;
  for (let i = 1; i < Math.min(buf.length, 512); i += 2) if (buf[i] === 0) zeros++;
  return zeros >= (Math.min(buf.length, 512) / 2) * 0.8;
}

/** Decode console output with the OEM code page (netsh and PowerShell's piped stdout use it); BOMs and UTF-16 are detected. */
export function decodeConsole(buf: Buffer, codePage: number | null): string {
  if (looksUtf16(buf)) return decodeOutput(buf, 'utf16le');
  return decodeOutput(buf, codePage === null || codePage === 65001 ? 'utf8' : `cp${codePage}`);
}

/** The OEM code page, read once per check as its own source so a replay decodes the same bytes the same way. */
export async function readOemCodePage(runner: Runner): Promise<number | null> {
  const r = await runner.run(WINDOWS_SOURCES.oemCodePage);
  return r.kind === 'ok' ? parseOemCodePage(r.output.stdout.toString('latin1')) : null;
}

const CONSTRAINED = /ConstrainedLanguage|language mode/i;

/** Run one source and decode it; failures become `unavailable` with the command that would tell. */
export async function runConsole(runner: Runner, spec: CommandSpec, codePage: number | null): Promise<Result<ConsoleText>> {
  const r = await runner.run(spec);
  const command = windowsCommandLine(spec);
  if (r.kind === 'ok')
    return { kind: 'ok', data: { stdout: decodeConsole(r.output.stdout, codePage), stderr: decodeConsole(r.output.stderr, codePage) } };
  const out = r.error.output;
  const stdout = out ? decodeConsole(out.stdout, codePage) : '';
  const stderr = out ? decodeConsole(out.stderr, codePage) : '';
  if (r.error.reason === 'not-installed') return unavailable('not-installed', `${spec.file} is not available: ${r.error.detail}`, command);
  if (spec.file === 'powershell.exe' && CONSTRAINED.test(stderr)) {
    return unavailable(
      'unparseable',
      `PowerShell runs in ConstrainedLanguage mode and refused the query: ${stderr.trim().split(/\r?\n/)[0] ?? ''}`,
      command,
    );
  }
  const said = (stderr.trim() || stdout.trim()).split(/\r?\n/)[0] ?? '';
  return unavailable(r.error.reason, said ? `${r.error.detail} — ${said.slice(0, 300)}` : r.error.detail, command);
}
