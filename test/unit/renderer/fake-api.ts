import { vi } from 'vitest';
import type { PortDoctorApi } from '../../../shared/ipc/api';

/** A stand-in for the preload's API: every method a mock the test programs; installed as `window.portDoctor` once per file. */
export function installFakeApi() {
  const api = {
    system: { info: vi.fn() },
    ports: { list: vi.fn() },
    diagnose: { checkPort: vi.fn(), probe: vi.fn(), run: vi.fn() },
    capture: { watch: vi.fn() },
    firewall: {
      status: vi.fn(),
      planFix: vi.fn(),
      applyFix: vi.fn(),
      undoFix: vi.fn(),
      listFixes: vi.fn(),
      verifyFix: vi.fn(),
      planWfpAudit: vi.fn(),
      wfpAudit: vi.fn(),
      endWfpAudit: vi.fn(),
    },
    reports: { collect: vi.fn(), open: vi.fn() },
    remote: { diagnose: vi.fn(), planFix: vi.fn(), applyFix: vi.fn(), undoFix: vi.fn(), verifyFix: vi.fn() },
  };
  window.portDoctor = api as unknown as PortDoctorApi;
  return api;
}

/** A promise the test settles by hand, to hold a call open. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
