import type { restartEn } from './engine-restart-en';
/** `engine.restart.*` in Simplified Chinese (see engine-restart-en.ts). */
export const restartZhCN = {
  closing:
    '端口 {{port}} 上仍有 {{total}} 个正在关闭的连接（{{states}}）：在它们消失之前，不设置 SO_REUSEADDR 就绑定该端口的服务会因 EADDRINUSE（errno 98，“Address already in use”）而失败',
  frees:
    '内核按 TIME-WAIT 计时器结束它们：第一个在 {{first}} 秒后，最后一个在 {{last}} 秒后 — 之后普通的 bind 即可再次绑定端口 {{port}}（如果没有其他占用）',
  untimed: '其中 {{count}} 个（FIN-WAIT-1、CLOSING、LAST-ACK）在套接字表中没有结束时间：对端应答或内核放弃重传时它们才结束',
  summary: '没有进程监听 {{protocol}} 端口 {{port}}，且仍有 {{total}} 个正在关闭的连接使不设置 SO_REUSEADDR 的 bind 无法绑定该端口',
  fixTitle:
    '如果服务启动时报 “Address already in use”：{{seconds}} 秒后（正在关闭的连接消失时）再启动，或让服务在监听套接字上设置 SO_REUSEADDR',
  fixTitleUntimed: '如果服务启动时报 “Address already in use”：等正在关闭的连接消失后再启动，或让服务在监听套接字上设置 SO_REUSEADDR',
  fixDetail:
    '在 Linux 上，只有旧的监听套接字（已关闭的连接沿用它的设置）和新套接字都设置了 SO_REUSEADDR，才能绑定到仍有 TIME-WAIT 的端口。Go 的 net 包和 Node.js（libuv）会在 TCP 监听套接字上设置它；Python 的 socketserver.TCPServer 默认不设置（allow_reuse_address），http.server 的 HTTPServer 和 Unix 上 asyncio 的 create_server 会设置；Java ServerSocket 的初始设置未定义（用 getReuseAddress 查看）；C 或 Python 中直接调用 socket() 不会设置。见 docs/restart-time-wait.md。',
} satisfies typeof restartEn;
