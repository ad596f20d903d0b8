import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [
    vue(),
    // Element Plus components and their styles imported on demand, not the whole library.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // The Electron window and current browsers support modulepreload: no polyfill in the start chunk.
    modulePreload: { polyfill: false },
    // Everything the first screen (登录) needs in one file, so it arrives in one request instead of
    // a handful of small shared chunks; the views behind it stay lazy.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'start', tags: ['$initial'] }],
        },
      },
    },
  },
});
