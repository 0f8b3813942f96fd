import type { Bundle } from '../../../shared/bundle/schema';
import type { Services } from '../../system/services';
import { RecordingRunner } from '../../system/recording';
import { collectors } from './collectors';
import { cutWindowsRecording } from '../windows/record-cut';

/** Run every probe of this platform through a recording runner and return the report bundle. */
export async function collectBundle(services: Services, target: { port?: number | undefined; protocol: 'tcp' | 'udp' }): Promise<Bundle> {
  const recorder = new RecordingRunner(services.runner);
  for (const collect of collectors(services.platform)) await collect(recorder, target);
  // A report carries what the diagnosis needs (issue 11): Linux sources are cut as they are recorded, Windows' here.
  if (services.platform === 'win32') cutWindowsRecording(recorder.sources);
  const bundle: Bundle = {
    schema: 'portdoctor.bundle/1',
    appVersion: services.appVersion,
    recordedAt: new Date().toISOString(),
    platform: {
      os: services.platform,
      release: services.release,
      arch: services.arch,
      hostname: services.hostname,
      elevated: services.elevated,
    },
    sources: recorder.sources,
  };
  if (target.port !== undefined) bundle.target = { port: target.port, protocol: target.protocol };
  return bundle;
}
