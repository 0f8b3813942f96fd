import type * as Iconv from 'iconv-lite';
import { loadIconv } from './iconv-loader';

let iconvModule: typeof Iconv | undefined;

/** iconv-lite on first use (see iconv-loader.ts: only Windows outputs and their replays need it). */
function iconv(): typeof Iconv {
  iconvModule ??= loadIconv();
  return iconvModule;
}

/**
 * Decode console output. Windows console tools (netsh, netstat) write in the OEM code page
 * (936 on zh-CN, 437/850 on western systems) and PowerShell may write UTF-16 or prefix a BOM;
 * iconv-lite covers the code pages Node's TextDecoder does not.
 */
export function decodeOutput(buf: Buffer, encoding: 'utf8' | 'utf16le' | `cp${number}` = 'utf8'): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (encoding === 'utf8') return buf.toString('utf8');
  if (encoding === 'utf16le') return buf.toString('utf16le');
  // No "looks like UTF-8" guess: short GBK text is often valid UTF-8 by accident (C8 B7 "确" reads as "ȷ").
  // A console switched to UTF-8 (`chcp 65001`) is decoded by asking for 'utf8'.
  return iconv().encodingExists(encoding) ? iconv().decode(buf, encoding) : buf.toString('utf8');
}
