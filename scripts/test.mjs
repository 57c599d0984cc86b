// `npm test`: every suite, then one line `N passed, N failed`.
//   lint (Biome) -> unit + integration (Vitest) -> end-to-end (Playwright on a production build)
// Set MERIDIAN_TEST_PG=postgres://...@127.0.0.1:PORT/postgres to run the same suites on PostgreSQL.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const isRoot = process.getuid?.() === 0;

function ensureDebianPackage(binary, pkg) {
  if (fs.existsSync(binary)) return;
  if (!isRoot) {
    console.error(`${binary} is missing. Install it first: sudo apt-get update && sudo apt-get install -y ${pkg}`);
    process.exit(1);
  }
  console.log(`Installing ${pkg} from Debian...`);
  const r = spawnSync('bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
ensureDebianPackage(env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium');
ensureDebianPackage('/usr/sbin/haproxy', 'haproxy');

let passed = 0;
let failed = 0;
const run = (args) => spawnSync('npx', args, { stdio: 'inherit', env });
fs.mkdirSync('test-results', { recursive: true });

// 1. Lint and format check, and the generated PostgreSQL schema must match the SQLite one.
const lint = run(['biome', 'check', '.']);
const schema = spawnSync('node', ['scripts/pg-schema.mjs', '--check'], { stdio: 'inherit' });
const tsc = run(['tsc', '--noEmit']);
for (const r of [lint, schema, tsc]) r.status === 0 ? passed++ : failed++;

// 2. Unit and integration tests.
run(['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
try {
  const u = JSON.parse(fs.readFileSync('test-results/unit.json', 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests + (u.success || u.numFailedTests ? 0 : 1); // a crashed run counts as a failure
} catch {
  failed++;
}

// 3. End-to-end tests (Playwright builds and starts the app on a fresh database: playwright.config.ts).
fs.rmSync('test-results/e2e.json', { force: true });
run(['playwright', 'test']);
try {
  const e = JSON.parse(fs.readFileSync('test-results/e2e.json', 'utf8'));
  passed += e.stats.expected + (e.stats.flaky ?? 0);
  failed += e.stats.unexpected + (e.errors?.length ?? 0);
} catch {
  failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
