import type { EngineKeyUnder } from '../i18n/engine-keys';
import { endpoint } from '../net/address';
import type { PortAction } from '../schemas/port-actions';

/** Looks up `engine.portsAction.<key>` in the reader's language (engineT in the CLI, i18next's t in the app). */
export type ActionSay = (key: EngineKeyUnder<'portsAction'>, params?: Record<string, string | number>) => string;

/** The parameters every port-action sentence may use: endpoints, the process, the detail. */
export function actionParams(a: PortAction): Record<string, string | number> {
  const p: Record<string, string | number> = {};
  if (a.connection) {
    p.local = endpoint(a.connection.localAddress, a.connection.localPort);
    p.remote = endpoint(a.connection.remoteAddress, a.connection.remotePort);
  }
  if (a.process) {
    p.pid = a.process.pid;
    p.name = a.process.name || '?';
    if (a.process.path) p.path = a.process.path;
  }
  if (a.detail) p.detail = a.detail;
  if (a.auditLog) p.path = a.auditLog;
  return p;
}

/** What the preview says the action will do (first line of the confirmation). */
export function previewSentence(a: PortAction, windows: boolean, say: ActionSay): string {
  const params = actionParams(a);
  if (a.action === 'close-connection') return say('previewClose', params);
  if (windows) return say('previewEndWindows', params);
  return say(a.commands.length > 1 ? 'previewEndForce' : 'previewEnd', params);
}

/** The sentence for how the action ended (or why it was refused); null for a preview that may go ahead. */
export function outcomeSentence(a: PortAction, say: ActionSay): string | null {
  const params = actionParams(a);
  if (a.reason && a.reason !== 'command-failed') return say(`reason.${a.reason}`, params);
  switch (a.outcome) {
    case 'preview':
      return null;
    case 'closed':
      return say('closed', params);
    case 'ended':
      return say('ended', params);
    case 'not-found':
      return say(a.action === 'close-connection' ? 'notFoundClose' : 'notFoundEnd', params);
    case 'still-open':
      return say('stillOpen', params);
    case 'still-running':
      return say('stillRunning', params);
    default:
      return a.detail ? say('failed', params) : say('failedNoDetail', params);
  }
}

/** The commands as a person reads them: an encoded PowerShell command is shown as the script it carries. */
export function commandTexts(a: PortAction, display: (argv: readonly string[]) => string): string[] {
  return a.commands.map((c) => (c.script ? `${display(c.argv.slice(0, -1))} <<\n${c.script}` : display(c.argv)));
}
