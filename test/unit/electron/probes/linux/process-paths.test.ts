import { describe, expect, it } from 'vitest';
import { formatExeMap, parseExeMap, readProcessPaths } from '../../../../../electron/probes/linux/process-paths';
import { RecordingRunner, createReplayRunner } from '../../../../../electron/system/recording';
import { createLiveRunner } from '../../../../../electron/system/run-command';

describe('owners’ program files (/proc/<pid>/exe)', () => {
  it('reads this process’s program file live, records it, and replays the recording to the same map', async () => {
    const recording = new RecordingRunner(createLiveRunner());
    const live = await readProcessPaths(recording, [process.pid, 999_999_9]);
    // The real readlink of this test's own process; a pid that does not exist is left out, never guessed.
    expect(live.get(process.pid)).toBe(process.execPath);
    expect(live.has(999_999_9)).toBe(false);
    const replayed = await readProcessPaths(createReplayRunner({ sources: recording.sources }), [process.pid]);
    expect(replayed).toEqual(live);
  });

  it('caches paths between refreshes and forgets pids no longer asked for', async () => {
    const cache = new Map<number, string | null>([[999_999_8, '/gone']]);
    await readProcessPaths(createLiveRunner(), [process.pid], cache);
    expect([...cache.keys()]).toEqual([process.pid]);
    cache.set(process.pid, '/cached/node');
    expect((await readProcessPaths(createLiveRunner(), [process.pid], cache)).get(process.pid)).toBe('/cached/node');
  });

  it('parses only well-formed lines of a (possibly hostile) recording', () => {
    const text = formatExeMap(
      new Map([
        [42, '/usr/sbin/nginx'],
        [43, '/opt/a "b"\n'],
      ]),
    );
    expect(parseExeMap(text)).toEqual(
      new Map([
        [42, '/usr/sbin/nginx'],
        [43, '/opt/a "b"\n'],
      ]),
    );
    expect(parseExeMap(`${text}x\t"y"\n42\tnot-json\n`).size).toBe(2);
    expect(parseExeMap('# something else\n1\t"/x"\n').size).toBe(0);
  });
});
