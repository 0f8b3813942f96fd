import type { SystemInfo } from '../../shared/ipc/contract';
import type { Remote } from './remote';

/** Elevation as the header badge shows it; `unknown` when the platform cannot tell (never shown as elevated). */
export type Elevation = 'elevated' | 'not-elevated' | 'unknown';

/** The loaded system info, or null while loading or after a failure. */
export function selectInfo(info: Remote<SystemInfo>): SystemInfo | null {
  return info.state === 'done' ? info.value : null;
}

/** The header's elevation badge state, or null before `system.info` answered. */
export function selectElevation(info: Remote<SystemInfo>): Elevation | null {
  const value = selectInfo(info);
  if (!value) return null;
  if (value.elevated === null) return 'unknown';
  return value.elevated ? 'elevated' : 'not-elevated';
}

/** The replay banner's content when the app is judging a recorded report instead of this machine. */
export function selectReplay(info: Remote<SystemInfo>, locale?: string): { host: string; time: string } | null {
  const replay = selectInfo(info)?.replay;
  return replay ? { host: replay.hostname, time: formatRecordedAt(replay.recordedAt, locale) } : null;
}

/** A recorded ISO time in the user's locale, or the raw text when it is not a valid date (reports are untrusted). */
export function formatRecordedAt(recordedAt: string, locale?: string): string {
  const time = Date.parse(recordedAt);
  if (Number.isNaN(time)) return recordedAt;
  return new Date(time).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
