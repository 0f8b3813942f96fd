import { describe, expect, it } from 'vitest';
import { commandForRecord, parseProcesses } from '../../../../../electron/probes/linux/processes';
import { cgroupForRecord, parseCgroup } from '../../../../../electron/probes/linux/socket-owners';
import { parsePasswd, passwdPairs } from '../../../../../electron/probes/linux/sockets';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'postgres:$6$salt$hash:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'broken line',
].join('\n');

describe('what a recorded source keeps (issue 11 item 9)', () => {
  it('passwd: only the pairs of the uids asked for, passwd-shaped so every reader still parses it', () => {
    const kept = passwdPairs(PASSWD, new Set([65534, 101]));
    expect(kept).toBe('postgres:x:101\nnobody:x:65534\n');
    expect(parsePasswd(kept)).toEqual(
      new Map([
        [101, 'postgres'],
        [65534, 'nobody'],
      ]),
    );
    expect(passwdPairs(PASSWD, new Set([4242]))).toBe('');
  });

  it('cgroup: only the lines naming the unit or the container, and parseCgroup reads the same from them', () => {
    const full =
      '12:memory:/system.slice/nginx.service\n11:pids:/user.slice\n0::/system.slice/docker-0123456789abcdef0123.scope\n1:name=systemd:/';
    expect(cgroupForRecord(full)).toBe('12:memory:/system.slice/nginx.service\n0::/system.slice/docker-0123456789abcdef0123.scope');
    expect(parseCgroup(cgroupForRecord(full))).toEqual(parseCgroup(full));
    expect(cgroupForRecord('0::/\n4:memory:/process_api/abc')).toBe('');
  });

  it('command lines: the program, its files and plain words stay; options, their values and structured values go', () => {
    expect(commandForRecord(['python3', '-u', '/srv/app/main.py', '--token', 'hunter2', 'serve'])).toBe('python3 /srv/app/main.py serve');
    expect(commandForRecord(['java', '-Dpass=x', '-jar', 'app.jar', '{"API_KEY": "k"}'])).toBe('java app.jar');
    expect(commandForRecord(['binary_backend', '--env', '{"HOME": "/root"}', '--uid', '0'])).toBe('binary_backend');
    expect(commandForRecord(['node', '-e', 'require("x")', '{"port":80}', 'svc-web'])).toBe('node svc-web');
    expect(commandForRecord(['app', `${'a'.repeat(600)}.py`]).length).toBe(512);
    // A process that set its own title has one string for a command line.
    expect(commandForRecord(['npm exec tsc -p tsconfig.json --password s3cret'])).toBe('npm exec tsc');
    // A replayed --expect still finds the service by its label or script.
    const text = `# portdoctor processes v1\n7 65534 0 "node" ${JSON.stringify(commandForRecord(['node', '-e', 'x', 'svc-web']))}\n`;
    expect(parseProcesses(text, 'svc-web')).toMatchObject({ kind: 'ok', data: [{ pid: 7 }] });
  });
});
