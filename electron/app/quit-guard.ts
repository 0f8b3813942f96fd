/** The slice of Electron's `app` the guard needs (an emitter in tests). */
export interface QuitSource {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Quitting while a Windows drop-audit window runs first ends it (its drops read, auditing turned off again), then quits
 * for real: the quit is held once, never lost, and a quit with nothing running passes straight through.
 */
export function holdQuitWhile(app: QuitSource, running: () => boolean, end: () => Promise<unknown>): void {
  let ending = false;
  app.on('before-quit', (event) => {
    if (ending || !running()) return;
    event.preventDefault();
    ending = true;
    void end().finally(() => app.quit());
  });
}
