/** English strings. Every user-visible string lives here and in zh-cn.ts (a test checks they have the same keys). */
export const en = {
  app: { name: 'PortDoctor', tagline: 'Why can’t anyone reach my port?' },
  nav: { diagnose: 'Diagnose', ports: 'Ports', firewall: 'Firewall', reports: 'Reports' },
  shell: {
    language: 'Language',
    replayBanner: 'Report from {{host}}, recorded {{time}}; nothing here runs on this machine.',
    elevated: 'Running as administrator',
    notElevated: 'Not elevated: some checks will be skipped',
    version: 'Version {{version}}',
  },
  common: { unavailable: 'Not available', notYet: 'Not yet available in this version', loading: 'Loading…', retry: 'Retry' },
  status: { pass: 'Pass', fail: 'Fail', warn: 'Warning', unknown: 'Unknown', skipped: 'Skipped' },
  steps: {
    service: 'Service answers locally',
    binding: 'Bound where clients can reach it',
    firewall: 'Host firewall lets it in',
    client: 'Client connects',
    packets: 'Packets arrive',
  },
  diagnose: { title: 'Diagnose a port', port: 'Port', start: 'Check', intro: 'Enter the port clients cannot reach.' },
  ports: { title: 'Listening ports and connections' },
  firewall: { title: 'Firewall' },
  reports: { title: 'Reports', open: 'Open a report…' },
};
export type Strings = typeof en;
