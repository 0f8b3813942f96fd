/** What a call answers on every transport (IPC, the bridge's HTTP, the CLI's dispatch): the value, or why it failed. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: string };
