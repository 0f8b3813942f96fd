import { copyFile, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exec, labAvailable } from './harness';
import { cliArgv } from './harness/private-cli';
import type { Lab } from './harness';
import type { PdRunner } from './harness/client-path';
import { json, sleep, useClientLab } from './support/client-lab';
import type { ClientNet } from './support/client-lab';
import type { CheckReport, Evidence, ProbeReport, WatchReport } from '../../shared/schemas/report';

const run = labAvailable();
// CAPTURE_FIXTURES=1 keeps the recorded bundle the unit tests replay (real outputs, never hand-written).
const FIXTURE = new URL('../unit/electron/probes/linux/fixtures/accept-queue-burst.portdoctor.json', import.meta.url);

// A listener with backlog 4 that accepts one connection every 200 ms (and closes it): a service too slow for its load.
const SLOW = `import socket,sys,time
s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('0.0.0.0',int(sys.argv[1])));s.listen(4)
print('listening',flush=True)
while True:
  c,_=s.accept();c.close();time.sleep(float(sys.argv[2]))`;

// 40 clients started 25 ms apart, each connecting again as soon as its last attempt ended: a real, lasting burst.
const BURST = `const n=require('net');const [h,p]=[process.argv[1],+process.argv[2]];
function go(){const s=n.connect({host:h,port:p});s.setTimeout(20000);let done=false;const again=()=>{if(done)return;done=true;s.destroy();setTimeout(go,10)};
s.on('connect',()=>setTimeout(again,50));s.on('error',again);s.on('timeout',again);s.on('close',again)}
for(let i=0;i<40;i++)setTimeout(go,i*25);setTimeout(()=>console.log('bursting'),1500);setInterval(()=>{},1000)`;

const queueLine = (r: CheckReport): Evidence | undefined =>
  r.steps.find((s) => s.id === 'service')?.evidence.find((e) => e.kind === 'queue');

async function slowListener(lab: Lab, net: ClientNet, port: number, delaySeconds: string): Promise<void> {
  // The system's python3 by name (a version manager's shim would put its own path in the recorded command line).
  await lab.spawn(net.srv, ['env', 'PATH=/usr/bin:/bin', 'python3', '-c', SLOW, String(port), delaySeconds], { ready: /^listening/m });
}

async function check(pd: PdRunner, net: ClientNet, port: number, lang?: string): Promise<{ report: CheckReport | null; text: string }> {
  const r = await pd.run(net.srv, ['check', String(port), ...(lang ? ['--lang', lang] : ['--json'])], 60_000);
  return lang ? { report: null, text: r.stdout } : { report: json<CheckReport>(r), text: r.stdout };
}

describe.skipIf(!run)('accept-queue overflow under a real burst, judged over a window (issue 17 item 10)', () => {
  const { scenario, cliPath } = useClientLab('accept-queue');

  it('backlog 4, slow accept, 40 clients: accept-queue-overflow in 5 of 5 runs, quoting the counter’s rise', async () => {
    await scenario('burst', async (lab, pd, net) => {
      await slowListener(lab, net, 8080, '0.2');
      await lab.spawn(net.cli, [process.execPath, '-e', BURST, net.srvAddress, '8080'], { ready: /^bursting/m });
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { report } = await check(pd, net, 8080);
        const line = queueLine(report as CheckReport);
        seen.push(`${report?.verdict.cause} ${line?.text ?? '(no queue line)'}`);
        expect(report?.verdict.cause, seen.join('\n')).toBe('accept-queue-overflow');
        expect(line?.text).toMatch(
          /^ListenOverflows \+[1-9]\d*, ListenDrops \+\d+ in \d+ ms \(6 readings\); the accept queue of 0\.0\.0\.0:8080 was full in [1-6] of them \(Recv-Q up to \d+, backlog 4\)$/,
        );
        expect(line?.data).toMatchObject({ samples: 6, backlog: 4 });
        expect(Number(line?.data?.overflowsDelta)).toBeGreaterThan(0);
      }
      if (process.env.PD_SHOW) console.log(seen.join('\n'));
      const zh = await check(pd, net, 8080, 'zh-CN');
      expect(zh.text).toMatch(/ListenOverflows 增加 [1-9]\d*，ListenDrops 增加 \d+；0\.0\.0\.0:8080 的接受队列在其中 [1-6] 次读数时已满/);
      // The readings are recorded: a replay elsewhere judges the same window.
      const bundle = await pd.save('burst.portdoctor.json', '');
      await lab.must(net.srv, [...cliArgv(cliPath()), 'collect', '--port', '8080', '--out', bundle, '--force'], { timeoutMs: 60_000 });
      const sources = Object.keys((JSON.parse(await readFile(bundle, 'utf8')) as { sources: object }).sources);
      expect(sources).toEqual(
        expect.arrayContaining(['linux.proc.netstat.window.0', 'linux.proc.netstat.window.5', 'linux.ss.listeners.window.5']),
      );
      const replayed = json<CheckReport>(
        await exec([...cliArgv(cliPath()), 'check', '8080', '--json', '--replay', bundle], { timeoutMs: 30_000 }),
      );
      expect(replayed.verdict.cause).toBe('accept-queue-overflow');
      expect(queueLine(replayed)?.text).toMatch(/^ListenOverflows \+[1-9]\d*, ListenDrops \+\d+ in \d+ ms \(6 readings\)/);
      if (process.env.CAPTURE_FIXTURES === '1') await copyFile(bundle, FIXTURE);
    });
  });

  it('a check made before the burst, a capture during it: diagnose reads the queue through watch (timeout-queue-overflowing)', async () => {
    await scenario('watchq', async (lab, pd, net) => {
      // It accepts once, then no more: the burst keeps the queue full and the client's probe times out for sure (with
      // a slow but working accept the probe's handshake may complete and its final ACK be dropped: the client sees ok).
      await slowListener(lab, net, 8080, '1000');
      const quiet = await pd.run(net.srv, ['check', '8080', '--source', '10.232.1.2', '--json'], 60_000);
      expect(json<CheckReport>(quiet).verdict.cause).toBe('ok');
      await lab.spawn(net.cli, [process.execPath, '-e', BURST, net.srvAddress, '8080'], { ready: /^bursting/m });
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '1500', '--json']);
      expect(json<ProbeReport>(probeRun).outcome).toBe('timeout');
      const watchRun = await pd.run(net.srv, ['watch', '8080', '--seconds', '3', '--json'], 60_000);
      const watch = json<WatchReport>(watchRun);
      expect(watch.queue?.overflowsDelta).toBeGreaterThan(0);
      expect(watch.queue?.fullSamples).toBeGreaterThan(0);
      expect(watch.queue?.samples).toBeGreaterThanOrEqual(6);
      const files = {
        probe: await pd.save('probe.json', probeRun.stdout),
        check: await pd.save('check.json', quiet.stdout),
        watch: await pd.save('watch.json', watchRun.stdout),
      };
      const report = json<CheckReport>(
        await pd.run(net.srv, [
          'diagnose',
          '8080',
          '--client-report',
          files.probe,
          '--check-report',
          files.check,
          '--watch-report',
          files.watch,
          '--json',
        ]),
      );
      expect(report.verdict.cause).toBe('accept-queue-overflow');
      const joined = report.findings.at(-1)?.evidence ?? [];
      expect(joined[0]?.data?.rule).toBe('timeout-queue-overflowing');
      expect(joined.find((e) => e.kind === 'queue')?.text).toMatch(
        /^ListenOverflows \+[1-9]\d*, ListenDrops \+\d+ in \d+ ms \(\d+ readings\); the accept queue of 0\.0\.0\.0:8080 was full in \d+ of them/,
      );
      if (process.env.CAPTURE_FIXTURES === '1') {
        for (const [kind, file] of Object.entries(files))
          await copyFile(file, new URL(`../fixtures/capture/reports/queue-burst.${kind}.json`, import.meta.url));
      }
    });
  });

  it('a quiet listener beside the overflowing one is not blamed; alone it is ok with the counter quoted', async () => {
    await scenario('beside', async (lab, pd, net) => {
      await slowListener(lab, net, 8081, '0');
      const quiet = (await check(pd, net, 8081)).report as CheckReport;
      expect(quiet.verdict.cause).toBe('ok');
      // Quiet: nothing waits and no counter rises in two readings (before and after the check’s other reads), so the window ends there.
      expect(queueLine(quiet)?.text).toMatch(
        /^accept queue of 0\.0\.0\.0:8081: Recv-Q up to 0 of backlog 4 in 2 readings over \d+ ms; ListenOverflows \+0$/,
      );
      await slowListener(lab, net, 8080, '0.2');
      await lab.spawn(net.cli, [process.execPath, '-e', BURST, net.srvAddress, '8080'], { ready: /^bursting/m });
      await sleep(200);
      const beside = (await check(pd, net, 8081)).report as CheckReport;
      expect(beside.verdict.cause).toBe('ok');
      expect(queueLine(beside)?.text).toMatch(
        /^ListenOverflows rose by [1-9]\d* in \d+ ms while the accept queue of 0\.0\.0\.0:8081 stayed empty in all 6 readings: another listener/,
      );
    });
  });
});
