/** The app version, injected at build time from package.json (see scripts/build.mjs and the Vite configs). */
declare const __APP_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
