/** Build target, replaced at build time by Vite's `define`. */
declare const __TARGET__: 'chrome' | 'firefox';
