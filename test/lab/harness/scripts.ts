/**
 * Small Node programs the lab runs inside namespaces (`node -e SCRIPT args…`), kept as text so a
 * namespace process needs nothing but the node binary.
 */

/**
 * Listen on {host, port, backlog, stall, ipv6Only, retry}; print `listening` or `error <code>`. With stall,
 * never accept; with retry, keep running and retry every second after a failed bind (as supervised daemons do).
 * Extra argv words (a label such as `svc-web`) only name the process in `ps`/`ss -p`.
 */
export const LISTEN_SCRIPT = `
const net = require('node:net');
const o = JSON.parse(process.argv[1]);
const server = net.createServer((s) => { s.on('error', () => {}); s.end('hello\\n'); });
const listen = () => server.listen({ host: o.host, port: o.port, backlog: o.backlog ?? 511, ipv6Only: !!o.ipv6Only });
server.on('error', (e) => { console.log('error ' + (e.code || e.message)); if (o.retry) setTimeout(listen, 1000); else process.exit(1); });
listen();
server.on('listening', () => {
  console.log('listening ' + JSON.stringify(server.address()));
  if (o.stall) setTimeout(() => { const b = new Int32Array(new SharedArrayBuffer(4)); for (;;) Atomics.wait(b, 0, 0, 60000); }, 50);
});
`;

/** Connect to host port within timeoutMs; print ok | refused | timeout | unreachable | error:<code>. */
export const CONNECT_SCRIPT = `
const net = require('node:net');
const [host, port, ms] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
const done = (r) => { console.log(r); s.destroy(); process.exit(0); };
s.setTimeout(Number(ms), () => done('timeout'));
s.on('connect', () => done('ok'));
s.on('error', (e) => done(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' ? 'unreachable' : 'error:' + e.code));
`;
