import type { Strings } from './en';

/** 简体中文。 */
export const zhCN: Strings = {
  app: { name: 'PortDoctor', tagline: '为什么别人连不上我的端口？' },
  nav: { diagnose: '诊断', ports: '端口', firewall: '防火墙', reports: '报告' },
  shell: {
    language: '语言',
    replayBanner: '来自 {{host}} 的报告，记录于 {{time}}；这里的内容不会在本机运行。',
    elevated: '以管理员身份运行',
    notElevated: '未提升权限：部分检查将被跳过',
    version: '版本 {{version}}',
  },
  common: { unavailable: '不可用', notYet: '此版本尚未提供', loading: '加载中…', retry: '重试' },
  status: { pass: '通过', fail: '失败', warn: '警告', unknown: '未知', skipped: '已跳过' },
  steps: {
    service: '服务在本机响应',
    binding: '绑定在客户端可达的地址',
    firewall: '主机防火墙放行',
    client: '客户端能连接',
    packets: '数据包到达',
  },
  diagnose: { title: '诊断端口', port: '端口', start: '检查', intro: '输入客户端无法访问的端口。' },
  ports: { title: '监听端口与连接' },
  firewall: { title: '防火墙' },
  reports: { title: '报告', open: '打开报告…' },
};
