import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { standInBanner, startStandIn } from '../../../../electron/standin/standin-listener';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function read(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const s = connect({ host, port });
    s.on('data', (d) => (text += d.toString()));
    s.on('end', () => resolve(text));
    s.on('error', reject);
  });
}

describe('stand-in listener', () => {
  it('answers on every address with a banner, counts peers, and stops by itself', async () => {
    const port = await freePort();
    const r = await startStandIn(port, 1);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.addresses).toEqual(['::']);
    expect(await read('127.0.0.1', port)).toBe(standInBanner(port));
    expect(await read('::1', port)).toBe(standInBanner(port));
    expect(r.data.peers).toEqual(['127.0.0.1', '::1']);
    await r.data.done;
    await expect(read('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses to stand in for a port someone holds', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '0.0.0.0', r));
    const port = (holder.address() as AddressInfo).port;
    try {
      const r = await startStandIn(port, 1);
      expect(r).toMatchObject({ kind: 'unavailable' });
      if (r.kind === 'unavailable') expect(r.detail).toMatch(/already listens/);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it('stop() releases the port at once', async () => {
    const port = await freePort();
    const r = await startStandIn(port, 60);
    if (r.kind !== 'ok') throw new Error(r.detail);
    await r.data.stop();
    await expect(read('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
