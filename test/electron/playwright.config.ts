import { defineConfig } from '@playwright/test';

// The Electron suite: run by scripts/test-electron.mjs, which skips it (saying so) where the
// Electron binary is not installed.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.electron.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});
