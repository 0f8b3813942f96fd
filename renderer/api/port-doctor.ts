import { createApi } from '../../shared/ipc/api';
import type { PortDoctorApi } from '../../shared/ipc/api';
import { createBridgeTransport, takeBridgeToken } from './bridge-transport';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser build, which uses the loopback bridge. */
    portDoctor?: PortDoctorApi;
  }
}

let cached: PortDoctorApi | null = null;

/** The one way the renderer reaches the handlers: the preload's API in Electron, the bridge client in a browser. */
export function portDoctor(): PortDoctorApi {
  if (cached) return cached;
  if (window.portDoctor) return (cached = window.portDoctor);
  const token = takeBridgeToken(window.location, window.sessionStorage, window.history) ?? '';
  return (cached = createApi(createBridgeTransport(token)));
}
