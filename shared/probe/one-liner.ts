import { isHost } from '../net/address';

/** The placeholder shown until the user names the server. */
export const SERVER_PLACEHOLDER = 'SERVER';

/**
 * The lines of a probe script that run: comments (the shebang included) and blank lines dropped, indentation
 * trimmed. The scripts are written one complete command per line, so these lines joined with "; " are the script.
 */
export function scriptLines(script: string): string[] {
  return script
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A host that may stand in a copy-paste command: a valid host name or address, else the placeholder. */
function safeHost(host: string): string {
  const h = host.trim();
  return h !== '' && isHost(h) ? h : SERVER_PLACEHOLDER;
}

/** A port as it may stand in a command: 1–65535, else the placeholder `PORT` (which the scripts refuse). */
function safePort(port: number): string {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? String(port) : 'PORT';
}

/** The bash one-liner: `bash -c '<portdoctor-probe.sh>' portdoctor-probe HOST PORT > probe.json`, from any shell. */
export function bashOneLiner(script: string, host: string, port: number): string {
  const body = scriptLines(script).join('; ');
  // The body sits in single quotes: one inside it would end them, and the rest would run as the shell reads it.
  if (body.includes("'")) throw new Error('the bash probe script must not contain a single quote');
  return `bash -c '${body}' portdoctor-probe ${safeHost(host)} ${safePort(port)} > probe.json`;
}

/**
 * The PowerShell one-liner: the script's lines inside `& { }`, its `param(...)` line replaced by assignments, written
 * as UTF-8 (Windows PowerShell 5.1's `>` would write UTF-16).
 */
export function powershellOneLiner(script: string, host: string, port: number): string {
  const lines = scriptLines(script);
  if (!lines[0]?.startsWith('param(')) throw new Error('the PowerShell probe script must start with its param(...) line');
  const body = [`$h = '${safeHost(host)}'`, `$p = ${safePort(port)}`, '$t = 3000', ...lines.slice(1)].join('; ');
  return `& { ${body} } | Out-File -Encoding utf8 probe.json`;
}

/** A UDP probe where PortDoctor is installed, read on the client (its result is not joined with the server's). */
export function cliUdpProbeCommand(host: string, port: number): string {
  const h = safeHost(host);
  return `portdoctor probe ${h.includes(':') ? `[${h}]` : h}:${safePort(port)} --udp`;
}

/** The same probe where PortDoctor is installed (the release binaries or the packages put `portdoctor` on PATH). */
export function cliProbeCommand(host: string, port: number): string {
  const h = safeHost(host);
  return `portdoctor probe ${h.includes(':') ? `[${h}]` : h}:${safePort(port)} --json > probe.json`;
}
