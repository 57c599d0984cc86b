import { defineConfig, devices } from '@playwright/test';
import { pinTestSimClock } from './test/sim-clock';

// Every app this run starts (the web server, the cluster and crash tests' own) sees the same fleet hour.
pinTestSimClock();

const PORT = Number(process.env.E2E_PORT ?? 3200);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium: Playwright cannot download its own browser here. WebGL runs through SwiftShader with these
// flags (never add --disable-software-rasterizer, or the map goes blank).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  // Per port, so parallel runs (other builds, other ports) never delete each other's artifacts.
  outputDir: `test-results/e2e-${PORT}`,
  retries: 0,
  workers: 1, // one app, one database: tests that change the fleet must not race
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: PORT === 3200 ? 'test-results/e2e.json' : `test-results/e2e-${PORT}.json` }]],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    reducedMotion: 'reduce',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } }, dependencies: ['setup'] },
  ],
  webServer: {
    // A production build on a fresh temporary database (scripts/e2e-server.mjs), as users run it.
    command: `node scripts/e2e-server.mjs ${PORT}`,
    url: `${BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
