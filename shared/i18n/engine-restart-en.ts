/**
 * `engine.restart.*`: a restart blocked by connections still closing on the port (issue 17 item 15).
 * Kept apart from engine-en.ts, which is already long; it is mounted there under `restart`.
 */
export const restartEn = {
  closing:
    '{{total}} connection(s) on port {{port}} are still closing ({{states}}): until they are gone, a service that binds the port without SO_REUSEADDR fails with EADDRINUSE (errno 98, “Address already in use”)',
  frees:
    'the kernel ends them by their TIME-WAIT timers: the first in {{first}} s, the last in {{last}} s — then a plain bind of port {{port}} succeeds again (if nothing else holds it)',
  untimed:
    '{{count}} of them (FIN-WAIT-1, CLOSING, LAST-ACK) have no end time in the socket table: they end when the peer answers or the kernel gives up retransmitting',
  summary:
    'nothing listens on {{protocol}} port {{port}}, and {{total}} closing connection(s) still hold it against a bind without SO_REUSEADDR',
  fixTitle:
    'If the service fails to start with “Address already in use”: start it again in {{seconds}} s, when the closing connections are gone, or have it set SO_REUSEADDR on its listening socket',
  fixTitleUntimed:
    'If the service fails to start with “Address already in use”: start it again once the closing connections are gone, or have it set SO_REUSEADDR on its listening socket',
  fixDetail:
    'On Linux a bind over TIME-WAIT succeeds only when both the old listener (its closed connections keep its setting) and the new socket set SO_REUSEADDR. Go’s net package and Node.js (libuv) set it on TCP listeners; Python’s socketserver.TCPServer does not by default (allow_reuse_address), http.server’s HTTPServer and asyncio’s create_server on Unix do; for Java’s ServerSocket the initial setting is not defined (check getReuseAddress); a plain socket() in C or Python does not set it. See docs/restart-time-wait.md.',
};
