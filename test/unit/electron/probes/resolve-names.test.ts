import { describe, expect, it } from 'vitest';
import { createNameCache, parseServices, resolveNames } from '../../../../electron/probes/resolve-names';
import { createLiveRunner } from '../../../../electron/system/run-command';
import { fakeRunner } from '../actions/fake-runner';

// Lines as Debian's /etc/services (netbase 6.4) has them.
const SERVICES =
  'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\nhttp\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\nhttps\t\t443/tcp\nhttps\t\t443/udp\nntp\t\t123/udp\n';

describe('resolve names for the ports explorer', () => {
  it('names TCP ports from the services file (first name; UDP-only entries left out)', () => {
    expect(parseServices(SERVICES)).toEqual(
      new Map([
        [22, 'ssh'],
        [80, 'http'],
        [443, 'https'],
      ]),
    );
  });

  it('answers within its budget: a lookup that hangs is pending, not waited for, and is answered from the cache later', async () => {
    const runner = fakeRunner([], { '/etc/services': SERVICES });
    const cache = createNameCache();
    let release: (name: string | null) => void = () => undefined;
    const slow = new Promise<string | null>((r) => (release = r));
    const lookup = (a: string) => (a === '10.0.0.9' ? slow : Promise.resolve(a === '10.0.0.1' ? 'gw.example' : null));
    const first = await resolveNames(
      runner,
      'linux',
      cache,
      { addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.9'], ports: [22, 8080] },
      lookup,
      50,
    );
    expect(first.kind === 'ok' && first.data).toEqual({
      names: [
        { address: '10.0.0.1', name: 'gw.example' },
        { address: '10.0.0.2', name: null },
      ],
      services: [{ port: 22, name: 'ssh' }],
      pending: 1,
    });
    release('db.example');
    await new Promise((r) => setTimeout(r, 10));
    const calls: string[] = [];
    const second = await resolveNames(
      runner,
      'linux',
      cache,
      { addresses: ['10.0.0.9'], ports: [] },
      async (a) => (calls.push(a), null),
      50,
    );
    expect(second.kind === 'ok' && second.data.names).toEqual([{ address: '10.0.0.9', name: 'db.example' }]);
    expect(calls).toEqual([]);
  });

  it('resolves a real address through the system resolver (127.0.0.1 is localhost in /etc/hosts)', async () => {
    const r = await resolveNames(createLiveRunner(), 'linux', createNameCache(), { addresses: ['127.0.0.1'], ports: [80] });
    expect(r.kind === 'ok' && r.data.names).toEqual([{ address: '127.0.0.1', name: 'localhost' }]);
    expect(r.kind === 'ok' && r.data.services).toEqual([{ port: 80, name: 'http' }]);
  });
});
