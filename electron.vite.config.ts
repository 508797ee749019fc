// electron-vite builds the three parts in one command: out/main (ESM), out/preload (CommonJS,
// because a sandboxed preload cannot load ES modules) and out/renderer (React).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { compressSync, isCompressible, isHashedAsset, precompressedPath } from './electron/services/static-assets';

// The dev server (npm run dev) needs inline scripts for hot reload, which the app's CSP forbids:
// drop the <meta> policy there only. Built files keep it, and both hosts also send it as a header.
const devWithoutMetaCsp: Plugin = {
  name: 'teleworker-dev-without-meta-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

// The browser host serves the hashed assets compressed (electron/browser-host/server.ts). Brotli at
// its best takes about half a second for the bundle: done here once, not on a user's first load.
// The Electron app reads files from disk through app:// and ignores these copies.
const precompressAssets: Plugin = {
  name: 'teleworker-precompress-assets',
  apply: 'build',
  writeBundle(output, bundle) {
    const dir = output.dir ?? resolve('out/renderer');
    for (const [fileName, item] of Object.entries(bundle)) {
      if (!isHashedAsset(fileName) || !isCompressible(fileName)) continue;
      const bytes = item.type === 'chunk' ? Buffer.from(item.code) : Buffer.from(item.source);
      for (const encoding of ['br', 'gzip'] as const) {
        const packed = compressSync(bytes, encoding);
        if (packed.length < bytes.length) writeFileSync(precompressedPath(join(dir, fileName), encoding), packed);
      }
    }
  },
};

// The big libraries in chunks of their own: they change far less often than the app, so a new
// build leaves them cached (the host serves hashed assets as immutable), and the browser fetches
// them side by side (index.html names each as a modulepreload link). Small libraries (zustand)
// stay in the app's chunk: a request of their own would cost more than it saves.
const vendorChunks = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/ },
];

// A section's screens (renderer/<folder>/screens.ts) and a language's words are named after what
// they are, so the build's listing and the network panel say which section or language loads.
const chunkFileNames = (chunk: { name: string; facadeModuleId?: string | null }): string => {
  const id = (chunk.facadeModuleId ?? '').replace(/\\/g, '/');
  const section = /\/renderer\/([\w-]+)\/screens\.tsx?$/.exec(id);
  if (section) return `assets/section-${section[1]}-[hash].js`;
  const locale = /\/shared\/i18n\/locales\/([\w-]+)\.json$/.exec(id);
  if (locale) return `assets/words-${locale[1]}-[hash].js`;
  return 'assets/[name]-[hash].js';
};

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // electron-vite externalises `dependencies` only; keytar is an optional dependency (a machine
      // without libsecret still installs) and a native module, so it is loaded from node_modules too.
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: { input: { main: resolve('electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), devWithoutMetaCsp, precompressAssets],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default (878 kB then, 388 kB minified).
      minify: true,
      // out/renderer/.vite/manifest.json: which chunk each section is and what the first screen
      // loads statically (the size bench and test/integration/packaging/renderer-chunks.test.ts read it)
      manifest: true,
      rollupOptions: {
        input: resolve('renderer/index.html'),
        output: { codeSplitting: { groups: vendorChunks }, chunkFileNames },
      },
    },
  },
});
