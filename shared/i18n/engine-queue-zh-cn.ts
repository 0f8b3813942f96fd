import type { queueEn } from './engine-queue-en';
/** `engine.queue.*` in Simplified Chinese (see engine-queue-en.ts). */
export const queueZhCN = {
  window:
    '{{ms}} 毫秒内（{{samples}} 次读数）ListenOverflows 增加 {{overflows}}，ListenDrops 增加 {{drops}}；{{endpoint}} 的接受队列在其中 {{full}} 次读数时已满（Recv-Q 最高 {{peak}}，backlog {{backlog}}）',
  stuck:
    '{{endpoint}} 的接受队列在 {{ms}} 毫秒内的全部 {{samples}} 次读数中都是满的（Recv-Q {{peak}}，backlog {{backlog}}），而 ListenOverflows 只增加了 {{overflows}}（期间没有客户端尝试）：进程没有把它清空，接下来的连接尝试会被丢弃',
  unseen:
    '{{ms}} 毫秒内 ListenOverflows 增加了 {{overflows}}，但从未看到 {{endpoint}} 的接受队列已满（Recv-Q 最高 {{peak}}，backlog {{backlog}}，{{samples}} 次读数）：溢出可能发生在两次读数之间的本端口，也可能是其他监听套接字（该计数器统计本网络命名空间的所有端口）',
  elsewhere:
    '{{ms}} 毫秒内 ListenOverflows 增加了 {{overflows}}，而 {{endpoint}} 的接受队列在全部 {{samples}} 次读数中都是空的：溢出的是本网络命名空间中的另一个监听套接字，不是这个',
  brief:
    '{{endpoint}} 的接受队列在 {{ms}} 毫秒内 {{samples}} 次读数中有 {{full}} 次达到 backlog（Recv-Q 最高 {{peak}}，backlog {{backlog}}），但 ListenOverflows 没有增加：观察期间没有连接被丢弃',
  quiet:
    '{{endpoint}} 的接受队列：{{ms}} 毫秒内 {{samples}} 次读数，Recv-Q 最高 {{peak}}，backlog {{backlog}}；ListenOverflows 增加 {{overflows}}',
  summaryRising: '{{endpoint}} 的接受队列溢出：队列满时 ListenOverflows 在 {{ms}} 毫秒内增加了 {{overflows}}',
  summaryStuck: '{{endpoint}} 的接受队列一直是满的：服务在监听，但没有接受连接',
  summaryUnseen: '未核实：{{ms}} 毫秒内 ListenOverflows 增加了 {{overflows}}，但从未看到 {{endpoint}} 的接受队列已满',
  summaryBrief: '正在监听端口 {{port}}；它的接受队列曾达到 backlog，但观察期间没有连接被丢弃',
} satisfies typeof queueEn;
