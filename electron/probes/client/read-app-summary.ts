import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { TLSSocket, connect as TlsConnect } from 'node:tls';
import { isIp } from '../../../shared/net/address';
import type { ProbeReport } from '../../../shared/schemas/report';

type TlsSummary = NonNullable<ProbeReport['tls']>;
type HttpSummary = NonNullable<ProbeReport['http']>;

function bounded<T>(timeoutMs: number, start: (settle: (value: T) => void, onTimeout: (fn: () => T) => void) => void): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    let timeoutValue: (() => T) | null = null;
    const settle = (value: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => timeoutValue && settle(timeoutValue()), timeoutMs);
    start(settle, (fn) => (timeoutValue = fn));
  });
}

function name(entity: Record<string, unknown> | undefined): string | undefined {
  if (!entity) return undefined;
  const cn = entity.CN ?? entity.O;
  return typeof cn === 'string' ? cn.slice(0, 500) : Array.isArray(cn) ? String(cn[0]).slice(0, 500) : undefined;
}

/**
 * node:tls on first use: loading it costs every CLI start-up ~5 ms, and only `probe --tls`/`--http` needs it. Not an
 * `import()`: the binaries that run their script through a code cache (electron/cli/code-cache.ts) would need an
 * experimental loader for it.
 */
function loadTlsConnect(): typeof TlsConnect {
  return process.getBuiltinModule('node:tls').connect;
}

/** A TLS handshake summary: protocol, cipher, certificate names and validity, and whether the chain verifies. */
export async function readTlsSummary(address: string, port: number, host: string, timeoutMs: number): Promise<TlsSummary> {
  const tlsConnect = loadTlsConnect();
  return bounded<TlsSummary>(timeoutMs, (settle, onTimeout) => {
    // rejectUnauthorized: false — we report on the certificate instead of refusing to look at it; no data is sent.
    const socket: TLSSocket = tlsConnect({ host: address, port, rejectUnauthorized: false, ...(isIp(host) ? {} : { servername: host }) });
    onTimeout(() => (socket.destroy(), { ok: false, error: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const summary: TlsSummary = { ok: true, authorized: socket.authorized };
      const protocol = socket.getProtocol();
      if (protocol) summary.protocol = protocol;
      summary.cipher = socket.getCipher().name;
      const subject = name(cert.subject as unknown as Record<string, unknown>);
      const issuer = name(cert.issuer as unknown as Record<string, unknown>);
      if (subject) summary.subject = subject;
      if (issuer) summary.issuer = issuer;
      if (cert.valid_to) summary.validTo = cert.valid_to;
      if (!socket.authorized && socket.authorizationError) summary.error = String(socket.authorizationError).slice(0, 300);
      socket.destroy();
      settle(summary);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => settle({ ok: false, error: `${e.code ?? 'error'}: ${e.message}`.slice(0, 300) }));
  });
}

/** Send `HEAD /` (over TLS when asked) and keep the status line of the answer. */
export async function readHttpStatus(
  address: string,
  port: number,
  host: string,
  useTls: boolean,
  timeoutMs: number,
): Promise<HttpSummary> {
  const tlsConnect = useTls ? loadTlsConnect() : null;
  return bounded<HttpSummary>(timeoutMs, (settle, onTimeout) => {
    const socket: Socket = tlsConnect
      ? tlsConnect({ host: address, port, rejectUnauthorized: false, ...(isIp(host) ? {} : { servername: host }) })
      : netConnect({ host: address, port });
    onTimeout(() => (socket.destroy(), { error: `no HTTP answer within ${timeoutMs} ms` }));
    let text = '';
    const hostHeader = host.includes(':') ? `[${host}]` : host;
    socket.once(useTls ? 'secureConnect' : 'connect', () =>
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${hostHeader}:${port}\r\nUser-Agent: PortDoctor\r\nConnection: close\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\n');
      if (end >= 0 || text.length > 4096) {
        const line = text
          .slice(0, end >= 0 ? end : 300)
          .trim()
          .slice(0, 300);
        socket.destroy();
        settle(/^HTTP\/\d/.test(line) ? { statusLine: line } : { error: `not an HTTP answer: ${JSON.stringify(line.slice(0, 80))}` });
      }
    });
    socket.once('end', () =>
      settle({ error: text ? `not an HTTP answer: ${JSON.stringify(text.slice(0, 80))}` : 'the server closed without answering' }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) => settle({ error: `${e.code ?? 'error'}: ${e.message}`.slice(0, 300) }));
  });
}
