import { beforeEach, describe, expect, it } from 'vitest';
import { useCaptureStore } from '../../../renderer/features/diagnose/capture-store';
import { selectStepRows } from '../../../renderer/features/diagnose/diagnose-selectors';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import hostDrop from '../../fixtures/capture/host-drop.tcpdump.txt?raw';
import probeRefused from '../shared/report/fixtures/probe-refused.json?raw';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
type OnMessage = (m: unknown) => void;

/** Hold diagnose.run open: the test sends the stream's messages by hand and sees whether it was cancelled. */
function holdRun() {
  const runs: { request: unknown; send: OnMessage; cancelled: boolean }[] = [];
  api.diagnose.run.mockImplementation((request: unknown, onMessage: OnMessage) => {
    const run = { request, send: onMessage, cancelled: false };
    runs.push(run);
    return () => {
      run.cancelled = true;
    };
  });
  return runs;
}

const step = (id: string, status: string) => ({
  id,
  status,
  summary: `${id} ${status}`,
  evidence: [{ kind: 'rule', text: `evidence of ${id}`, command: `show ${id}` }],
});
const report = (cause: string) => ({
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp' },
  verdict: { cause, summary: cause, fixes: [] },
  steps: ['service', 'binding', 'firewall', 'client', 'packets'].map((id) => step(id, id === 'firewall' ? 'fail' : 'pass')),
  findings: [],
});

beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  useDiagnoseStore.setState({
    portText: '',
    host: '',
    source: '',
    role: 'server',
    touched: false,
    check: { state: 'idle' },
    live: {},
    clientReport: null,
    clientError: null,
    watchReport: null,
    replay: null,
  });
  useCaptureStore.setState({ state: 'idle', peers: [], packets: 0, result: null, message: '', seconds: 30 });
});

describe('wizard run (diagnose.run stream)', () => {
  it('shows each step as it finishes while the others keep running, then the final report', async () => {
    const runs = holdRun();
    useDiagnoseStore.setState({ portText: '8080', source: ' 10.0.0.0/8 ' });
    const done = useDiagnoseStore.getState().run();
    expect(runs[0]?.request).toEqual({ port: 8080, source: '10.0.0.0/8' });
    runs[0]?.send({ type: 'event', event: { type: 'step-started', id: 'service' } });
    runs[0]?.send({ type: 'event', event: { type: 'step-finished', step: step('service', 'pass') } });
    const s = useDiagnoseStore.getState();
    expect(selectStepRows(s.check, s.live).map((r) => r.status)).toEqual(['pass', 'running', 'running', 'running', 'running']);
    runs[0]?.send({ type: 'done', result: { kind: 'ok', data: report('host-firewall-drop') } });
    await done;
    const after = useDiagnoseStore.getState();
    expect(after.check.state === 'done' && after.check.value.kind === 'ok' && after.check.value.data.verdict.cause).toBe(
      'host-firewall-drop',
    );
    expect(selectStepRows(after.check, after.live).map((r) => r.status)).toEqual(['pass', 'pass', 'fail', 'pass', 'pass']);
  });

  it('cancels: closes the stream, keeps finished steps, leaves the rest unclaimed, and ignores late messages', async () => {
    const runs = holdRun();
    useDiagnoseStore.setState({ portText: '8080' });
    const done = useDiagnoseStore.getState().run();
    runs[0]?.send({ type: 'event', event: { type: 'step-finished', step: step('service', 'pass') } });
    useDiagnoseStore.getState().cancel();
    await done;
    expect(runs[0]?.cancelled).toBe(true);
    runs[0]?.send({ type: 'done', result: { kind: 'ok', data: report('ok') } });
    const s = useDiagnoseStore.getState();
    expect(s.check).toEqual({ state: 'done', value: { kind: 'unavailable', reason: 'cancelled', detail: '' } });
    expect(selectStepRows(s.check, s.live).map((r) => r.status)).toEqual(['pass', 'pending', 'pending', 'pending', 'pending']);
  });

  it('a stream error is shown as failed with its message', async () => {
    const runs = holdRun();
    useDiagnoseStore.setState({ portText: '22' });
    const done = useDiagnoseStore.getState().run();
    runs[0]?.send({ type: 'error', message: 'diagnose:run: 403 token required' });
    await done;
    expect(useDiagnoseStore.getState().check).toEqual({ state: 'failed', message: 'diagnose:run: 403 token required' });
  });

  it('a second run closes the first; the first one’s answer never lands', async () => {
    const runs = holdRun();
    useDiagnoseStore.setState({ portText: '80' });
    void useDiagnoseStore.getState().run();
    useDiagnoseStore.setState({ portText: '81' });
    void useDiagnoseStore.getState().run();
    expect(runs[0]?.cancelled).toBe(true);
    runs[0]?.send({ type: 'done', result: { kind: 'ok', data: report('ok') } });
    expect(useDiagnoseStore.getState().check.state).toBe('loading');
    runs[1]?.send({ type: 'done', result: { kind: 'ok', data: report('not-listening') } });
    const c = useDiagnoseStore.getState().check;
    expect(c.state === 'done' && c.value.kind === 'ok' && c.value.data.verdict.cause).toBe('not-listening');
  });

  it('refuses a bad client address without calling the back end', async () => {
    holdRun();
    useDiagnoseStore.setState({ portText: '80', source: '10.0.0.0/33' });
    await useDiagnoseStore.getState().run();
    expect(api.diagnose.run).not.toHaveBeenCalled();
  });
});

describe('client probe result (step 4 from the server)', () => {
  it('accepts a real `portdoctor probe --json` output (with a BOM, as PowerShell writes it) and sends it as clientReport', () => {
    const runs = holdRun();
    useDiagnoseStore.getState().acceptClientText(`\ufeff${probeRefused}`);
    expect(useDiagnoseStore.getState().clientReport?.outcome).toBe('refused');
    useDiagnoseStore.setState({ portText: '9' });
    void useDiagnoseStore.getState().run();
    expect((runs[0]?.request as { clientReport?: { cause: string } }).clientReport?.cause).toBe('not-listening');
  });

  it('refuses text that is not JSON, JSON that is not a probe report, and hostile strings, and keeps no report', () => {
    const s = () => useDiagnoseStore.getState();
    s().acceptClientText('<script>window.__pwned=1</script>');
    expect(s().clientError?.error).toBe('clientNotJson');
    s().acceptClientText(JSON.stringify({ schema: 'portdoctor.check/1' }));
    expect(s().clientError?.error).toBe('clientNotOurs');
    const hostile = { ...JSON.parse(probeRefused), target: { host: '<img src=x onerror=alert(1)>', port: 9 } };
    s().acceptClientText(JSON.stringify(hostile));
    expect(s().clientError).toMatchObject({ error: 'clientNotOurs', detail: expect.stringContaining('target.host') });
    s().acceptClientText('x'.repeat(1024 * 1024 + 1));
    expect(s().clientError?.error).toBe('clientTooLarge');
    expect(s().clientReport).toBeNull();
  });
});

describe('capture (step 5)', () => {
  it('counts the SYNs of a real dropped connection per peer as they stream in, then keeps the watch report', () => {
    let send: OnMessage = () => undefined;
    api.capture.watch.mockImplementation((_r: unknown, on: OnMessage) => ((send = on), () => undefined));
    useCaptureStore.getState().setSeconds(10);
    useCaptureStore.getState().start(8080);
    expect(api.capture.watch).toHaveBeenCalledWith({ port: 8080, seconds: 10 }, expect.any(Function));
    const lines = hostDrop.trim().split('\n');
    for (const line of lines) {
      const m = /^(\S+ \S+) .* IP (\d+\.\d+\.\d+\.\d+)\.\d+ > .*Flags \[([^\]]+)\]/.exec(line);
      if (m) send({ type: 'event', event: { type: 'packet', time: m[1], peer: m[2], flags: m[3], text: line } });
    }
    const peers = useCaptureStore.getState().peers;
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatchObject({ peer: '10.77.1.2', syn: lines.length, synAck: 0, rst: 0 });
    const watch = {
      schema: 'portdoctor.watch/1',
      port: 8080,
      peers: [{ address: '10.77.1.2', syn: lines.length, synAck: 0, rst: 0, result: 'unanswered' }],
    };
    send({ type: 'done', result: { kind: 'ok', data: watch } });
    expect(useCaptureStore.getState()).toMatchObject({ state: 'done', result: { kind: 'ok', data: watch } });
  });

  it('a capture that is not permitted ends unknown with the reason, never as a pass', () => {
    let send: OnMessage = () => undefined;
    api.capture.watch.mockImplementation((_r: unknown, on: OnMessage) => ((send = on), () => undefined));
    useCaptureStore.getState().start(8080);
    send({
      type: 'done',
      result: {
        kind: 'unavailable',
        reason: 'needs-admin',
        detail: 'tcpdump: eth0: You don’t have permission',
        command: 'sudo tcpdump -i any tcp port 8080',
      },
    });
    expect(useCaptureStore.getState().result).toMatchObject({ kind: 'unavailable', reason: 'needs-admin' });
  });

  it('cancel closes the capture stream', () => {
    let cancelled = false;
    api.capture.watch.mockImplementation(() => () => void (cancelled = true));
    useCaptureStore.getState().start(8080);
    useCaptureStore.getState().cancel();
    expect(cancelled).toBe(true);
    expect(useCaptureStore.getState().state).toBe('cancelled');
  });
});

describe('a capture in the verdict', () => {
  it('is sent with the run for the same port only, and dropped when a newer client result arrives', () => {
    const runs = holdRun();
    const watch = { schema: 'portdoctor.watch/1' as const, port: 8080, peers: [] };
    useDiagnoseStore.setState({ portText: '8080' });
    useDiagnoseStore.getState().setWatchReport(watch);
    void useDiagnoseStore.getState().run();
    expect((runs[0]?.request as { watchReport?: unknown }).watchReport).toEqual(watch);
    useDiagnoseStore.setState({ portText: '8081' });
    void useDiagnoseStore.getState().run();
    expect(runs[1]?.request).toEqual({ port: 8081 });
    useDiagnoseStore.getState().acceptClientText(probeRefused);
    expect(useDiagnoseStore.getState().watchReport).toBeNull();
  });
});
