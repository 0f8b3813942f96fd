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
};
