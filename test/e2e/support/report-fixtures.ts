import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../../../shared/bundle/schema';

const FIXTURES = join(import.meta.dirname, '../../fixtures/windows');

function recorded(argv: string[], file: string): Bundle['sources'][string] {
  return { argv, stdout: { encoding: 'utf8', data: readFileSync(join(FIXTURES, file), 'utf8') }, exitCode: 0 };
}

/** A small Windows report bundle whose recorded outputs are the real captures in test/fixtures/windows. */
export function windowsBundle(hostname: string): Bundle {
  return {
    schema: 'portdoctor.bundle/1',
    appVersion: '0.1.0',
    recordedAt: '2026-11-20T09:30:00.000Z',
    platform: { os: 'win32', release: '10.0.20348', arch: 'x64', hostname, elevated: true },
    target: { port: 8080, protocol: 'tcp' },
    sources: {
      'windows.netsh.excludedportrange.tcp': recorded(
        ['netsh', 'interface', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp'],
        'excludedportrange.en-US.hyperv.txt',
      ),
      'windows.netstat.ano': recorded(['netstat', '-ano'], 'netstat-ano.en-US.txt'),
      'windows.netsh.portproxy': recorded(['netsh', 'interface', 'portproxy', 'show', 'v4tov4'], 'portproxy-v4tov4.en-US.txt'),
    },
  };
}
