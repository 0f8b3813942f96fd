import si from 'systeminformation';
import { createLiveRunner } from '../../../electron/system/run-command';
import { readSockets } from '../../../electron/probes/linux/sockets';
import { createOwnerCache } from '../../../electron/probes/linux/socket-owners';

// Runs inside a bench namespace (bundled whole by scripts/bench/ports.ts): `refresh` times a cached
// ports refresh in-process as the ports view does; `si` times systeminformation's networkConnections().

const RUNS = 5;

async function refresh(): Promise<void> {
  const runner = createLiveRunner();
  const cache = createOwnerCache();
  const t0 = performance.now();
  await readSockets(runner, { owners: true, cache });
  const cold = performance.now() - t0;
  const times: number[] = [];
  let owned = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await readSockets(runner, { owners: true, cache });
    times.push(performance.now() - t);
    if (r.kind !== 'ok') throw new Error(r.detail);
    owned = r.data.sockets.filter((s) => s.owner).length;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ cold: Math.round(cold), refresh: Math.round(times[Math.floor(times.length / 2)] ?? 0), owned }));
}

async function systeminformation(): Promise<void> {
  const t = performance.now();
  const conns = await si.networkConnections();
  console.log(JSON.stringify({ ms: Math.round(performance.now() - t), count: conns.length, withPid: conns.filter((c) => c.pid > 0).length }));
}

await (process.argv[2] === 'si' ? systeminformation() : refresh());
