import type { pendingEn } from './engine-pending-en';
/** `engine.pending.*` in Simplified Chinese (see engine-pending-en.ts). */
export const pendingZhCN = {
  firewalldSavedAllows:
    'firewalld 区域 {{zone}} 在永久配置中开放了 {{protocol}} 端口 {{port}}（{{entries}}），运行中的配置没有：执行 `firewall-cmd --reload` 后才放行，现在不放行',
  firewalldSaved:
    'firewalld 区域 {{zone}} 的永久配置中有针对 {{protocol}} 端口 {{port}} 的 {{entries}}，运行中的配置没有：`firewall-cmd --reload` 会加载它',
  firewalldRunningAllows:
    'firewalld 区域 {{zone}} 仅在运行中的配置里开放了 {{protocol}} 端口 {{port}}（{{entries}}）：现在放行，执行 `firewall-cmd --reload` 或重启后就没有了 — `firewall-cmd --runtime-to-permanent` 可保留它',
  firewalldRunning:
    'firewalld 区域 {{zone}} 仅在运行中的配置里有针对 {{protocol}} 端口 {{port}} 的 {{entries}}：执行 `firewall-cmd --reload` 或重启后就没有了 — `firewall-cmd --runtime-to-permanent` 可保留它',
  nftSavedAllows:
    'nftables 开机配置文件 {{where}} 放行 {{protocol}} 端口 {{port}}（{{entries}}），而其表在运行中的规则集不放行：执行 `{{apply}}` 或重启后才放行，现在不放行',
  nftSaved:
    'nftables 开机配置文件 {{where}} 放行 {{protocol}} 端口 {{port}}（{{entries}}），而其表在运行中的规则集不放行；现在由另一条规则决定，所以仅加载该文件（`{{apply}}` 或重启）并不能放行',
  nftRunningBlocks:
    '运行中的 nftables 规则集放行 {{protocol}} 端口 {{port}}，但开机配置文件 {{where}} 不放行（{{entries}}）：重启或执行 `{{apply}}` 后会被拦截 — 要保留它，请把放行的规则加入 {{where}}',
  nftRunning:
    '{{where}} 中各表在运行中的规则放行 {{protocol}} 端口 {{port}}，但该文件不放行（{{entries}}）：重启或执行 `{{apply}}` 会改变这一点',
  ufwSaved:
    'ufw 未在内核中生效：它在 {{where}} 中为 {{protocol}} 端口 {{port}} 保存的规则（{{entries}}）没有加载 — `ufw enable` 会加载它们，同时启用它对入站流量的默认策略',
  ufwSavedAllows:
    'ufw 的规则文件 {{where}} 放行 {{protocol}} 端口 {{port}}（{{entries}}），内核中已加载的规则不放行：执行 `ufw reload` 或重启后才放行，现在不放行',
  ufwRunningBlocks:
    '内核中的 ufw 规则放行 {{protocol}} 端口 {{port}}（{{entries}}），ufw 的规则文件 {{where}} 不放行：执行 `ufw reload` 或重启后会被拦截 — 要保留它，请用 `ufw allow` 添加该规则',
} satisfies typeof pendingEn;
