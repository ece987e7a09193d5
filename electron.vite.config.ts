// Build of the Electron shell: main (ES module), preload (CommonJS, because
// sandboxed preloads cannot load ES modules or require anything but electron)
// and the React renderer. Everything lands in out/, which electron-builder packs.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

/**
 * Native addons load their .node binaries at run time from node_modules; a
 * bundler must never inline them. Listed explicitly on top of electron-vite's
 * externalizeDeps so they stay external even if that default changes.
 */
const nativeModules = ['zstd-napi', 'lzma-native', 'better-sqlite3'];

export default defineConfig({
  main: {
    build: {
      // Every runtime dependency stays in node_modules (the default, stated).
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // Worker threads (src/main/core/jobs/run-worker.ts finds them beside the main bundle).
          'nar-hash.worker': resolve(import.meta.dirname, 'src/main/core/workers/nar-hash.worker.ts'),
          'nar-file-check.worker': resolve(import.meta.dirname, 'src/main/core/workers/nar-file-check.worker.ts'),
        },
        external: nativeModules,
        // Shared chunks stay beside index.js, so import.meta.url's folder is out/main everywhere.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload gets no require() of node_modules: bundle all it uses.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      // Never turn small assets into data: URLs, which the CSP (img-src 'self') refuses.
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
  },
});
