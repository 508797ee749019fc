import { defineConfig } from '@playwright/test';

// The Electron suite: run by scripts/test-electron.mjs, which skips it (saying so) where the
// Electron binary is not installed.
export default defineConfig({
  testDir: '.',
  // a stray .only fails the run instead of passing it with the rest left out
  forbidOnly: true,
  testMatch: '**/*.electron.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});
