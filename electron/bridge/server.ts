import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CHANNELS, isChannel } from '../../shared/ipc/channels';
import type { HandlerTable, Services } from '../handlers/types';
import { dispatchCall, dispatchStream } from '../ipc/dispatch';
import type { RejectLog } from '../ipc/dispatch';
import { WorkLimiter } from './limiter';

export interface BridgeOptions {
  table: HandlerTable;
  services: Services;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** Reads a file of the renderer by its path under staticDir (forward slashes), null when absent: the standalone binary's embedded assets. */
  readStatic?: (rel: string) => Promise<Buffer | null>;
  port?: number;
  log?: RejectLog;
  /** Handlers that may run at once (default 8) and requests that may wait for one (default 64); beyond: 429. */
  limits?: { active: number; queued: number };
}

export interface Bridge {
  /** The URL to open, with the token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Handlers running now and requests waiting for a slot. */
  load(): { running: number; waiting: number };
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-portdoctor-token';
/** The session cookie's name carries the port: browsers share 127.0.0.1 cookies across ports, so two bridges must not collide. */
const cookieName = (port: number) => `pd_session_${port}`;
const MAX_BODY = 33 * 1024 * 1024;
const SMALL_BODY = 64 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
/** The same policy as the Electron window: own scripts only, no inline script, no remote content. */
export const BRIDGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name && v) return v;
  }
  return null;
}

/** The path's percent-escapes decoded, or null when one is malformed (`%zz`, a cut UTF-8 sequence): a 400, not a crash. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage, cap: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > cap) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/** The request target as a URL on this bridge; only origin-form (`/path?query`) is accepted (`//`, `//[`, `http://x/` are not). */
function requestUrl(target: string | undefined, port: number): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1:${port}${target}`);
  } catch {
    return null;
  }
}

/** What the request handlers of one bridge share; `port` is set once the server listens. */
interface BridgeState {
  options: BridgeOptions;
  /** The API token (header only) and the session cookie's value (static files only). */
  token: string;
  session: string;
  port: number;
  log: RejectLog;
  limiter: WorkLimiter;
  /** The requests being handled, aborted when the bridge closes. */
  running: Set<AbortController>;
}

function deny(res: ServerResponse, code: number, why: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(why);
}

/** A file of the renderer: the index with its token (which sets the session cookie), any other file with that cookie. */
async function serveStatic(b: BridgeState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const isIndex = url.pathname === '/' || url.pathname === '/index.html';
  const given = url.searchParams.get('token');
  if (isIndex && given !== null) {
    if (!same(given, b.token)) return deny(res, 403, 'wrong token');
  } else if (!same(cookieValue(req, cookieName(b.port)) ?? '', b.session)) {
    return deny(res, 403, 'open the URL with its token first');
  }
  const decoded = decodePath(isIndex ? '/index.html' : url.pathname);
  if (decoded === null) return deny(res, 400, 'malformed escape in the path');
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(b.options.staticDir, rel);
  if (!file.startsWith(b.options.staticDir + sep) || rel.split(/[/\\]/).includes('..')) return deny(res, 404, 'not found');
  let data: Buffer | null;
  try {
    data = b.options.readStatic ? await b.options.readStatic(rel.split(sep).join('/')) : await readFile(file);
  } catch {
    data = null;
  }
  if (!data) return deny(res, 404, 'not found');
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': BRIDGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  if (isIndex) headers['set-cookie'] = `${cookieName(b.port)}=${b.session}; HttpOnly; SameSite=Strict; Path=/`;
  res.writeHead(200, headers);
  res.end(data);
}

/** One API call: own origin, token header, JSON, a known channel, a bounded body, a work slot; then the one dispatch. */
async function serveApi(b: BridgeState, req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
  if (req.method !== 'POST') return deny(res, 405, 'POST only');
  const origin = req.headers.origin;
  // The page's own origin is the Host it was loaded from (127.0.0.1 or localhost, already checked): the pair must agree.
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
    b.log(channel, `origin ${origin.slice(0, 100)} refused`);
    return deny(res, 403, 'origin refused');
  }
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !same(given, b.token)) {
    b.log(channel, 'missing or wrong token');
    return deny(res, 403, 'token required');
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, 'JSON only');
  if (!isChannel(channel)) {
    b.log(channel, 'unknown channel');
    return deny(res, 404, 'unknown channel');
  }
  const cap = channel === 'reports:open' ? MAX_BODY : SMALL_BODY;
  if (Number(req.headers['content-length'] ?? 0) > cap) {
    res.setHeader('connection', 'close');
    return deny(res, 413, 'request too large');
  }
  const body = await readBody(req, cap);
  if (body === null) return deny(res, 413, 'request too large');
  let request: unknown;
  try {
    request = JSON.parse(body || '{}');
  } catch {
    return deny(res, 400, 'request is not JSON');
  }
  const controller = new AbortController();
  b.running.add(controller);
  res.on('close', () => {
    controller.abort();
    b.running.delete(controller);
  });
  const slot = await b.limiter.admit(controller.signal);
  if (!slot.ok) {
    if (controller.signal.aborted) return;
    b.log(channel, 'too many requests at once');
    res.setHeader('retry-after', '1');
    return deny(res, 429, 'too many requests at once; try again');
  }
  res.on('close', slot.release);
  if (CHANNELS[channel] === 'call') {
    const envelope = await dispatchCall(b.options.table, b.options.services, channel, request, controller.signal, b.log).finally(
      slot.release,
    );
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(envelope));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const send = (message: unknown) => {
    if (res.writableEnded) return;
    res.write(`${JSON.stringify(message)}\n`);
    const type = (message as { type?: string }).type;
    if (type === 'done' || type === 'error') {
      slot.release();
      res.end();
    }
  };
  const started = await dispatchStream(b.options.table, b.options.services, channel, request, controller.signal, send, b.log);
  if (!started.ok) send({ type: 'error', message: started.error });
}

/**
 * The loopback bridge: serves the built renderer and the handler table on 127.0.0.1 only, on a random
 * port, behind a random token. Host is checked (DNS rebinding), Origin must be the page's own origin on
 * API calls (CSRF), the API token rides only in a header (never in a cookie: browsers send 127.0.0.1
 * cookies to every port, so any other local web server would receive it), handler work is bounded (429),
 * and nothing else is accepted. docs/bridge.md lists what it guarantees.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const b: BridgeState = {
    options,
    token: randomBytes(24).toString('base64url'),
    // What the cookie carries: it only lets the page load its own files, never call the API.
    session: randomBytes(24).toString('base64url'),
    port: 0,
    log: options.log ?? (() => undefined),
    limiter: new WorkLimiter(options.limits?.active ?? 8, options.limits?.queued ?? 64),
    running: new Set<AbortController>(),
  };
  const { token, log, limiter, running } = b;

  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${b.port}` && host !== `localhost:${b.port}`) {
      log('(bridge)', `host ${host.slice(0, 100)} refused`);
      return deny(res, 421, 'wrong host');
    }
    const url = requestUrl(req.url, b.port);
    if (!url) return deny(res, 400, 'malformed request target');
    // No token, no data, no work: lets a supervisor (or a test) see the bridge answers while handlers are busy.
    if (url.pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return res.end('ok');
    }
    const api = /^\/api\/([a-z]+:[a-z-]+)$/.exec(url.pathname);
    const work = api
      ? serveApi(b, req, res, api[1] ?? '')
      : req.method === 'GET'
        ? serveStatic(b, req, res, url)
        : Promise.resolve(deny(res, 405, 'GET only'));
    work.catch(() => (res.headersSent ? res.destroy() : deny(res, 500, 'internal error')));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: an admin on a GUI-less server reaches it through an SSH tunnel, nobody else at all.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  b.port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${b.port}/?token=${token}`,
    port: b.port,
    token,
    load: () => limiter.load,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of running) c.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
