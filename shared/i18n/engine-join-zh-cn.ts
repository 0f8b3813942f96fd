import type { joinEn } from './engine-join-en';
/** `engine.join.*` in Simplified Chinese (see engine-join-en.ts). */
export const joinZhCN = {
  wrongAddressHosts:
    '客户端的 hosts 文件把 {{name}} 映射到 {{used}}，它不是本机的任何地址（{{own}}）：请在客户端上改正该条目（/etc/hosts；Windows 上为 %SystemRoot%\\System32\\drivers\\etc\\hosts）',
  wrongAddressDns: '客户端的解析器为 {{name}} 返回了 {{used}}，它不是本机的任何地址（{{own}}）：请改正 DNS 记录，或客户端使用的解析器',
  wrongAddress: '客户端把 {{name}} 解析为 {{used}}，它不是本机的任何地址（{{own}}）：请在客户端查询该名称的地方（hosts 文件或 DNS）改正它',
  natLikely:
    '客户端为 {{name}} 使用了 {{used}}，它不是本机的任何地址（{{own}}）；由于本机只有私有地址，{{used}} 很可能是本机前面的 NAT 或云平台公网地址（可用 --public-address {{used}} 指定）；如果不是，说明该名称指向了别处：请在客户端查询该名称的地方改正它',
  publishedToo: '它也不是已指定的任何公网/NAT 地址（{{published}}）',
  natHint:
    '如果 {{used}} 是位于本机前面的地址（NAT、负载均衡器、云平台的公网 IP），请用 --public-address {{used}} 指定它并重新诊断：那样名称就是对的，阻断发生在路径上',
} satisfies typeof joinEn;
