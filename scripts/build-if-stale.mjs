// Runs `next build` when there is no build, or when any source file is newer than it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json', 'proxy.ts'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'generated') m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

export function buildIfStale(env = process.env) {
  const stamp = `${env.NEXT_DIST_DIR || '.next'}/BUILD_ID`;
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built && Math.max(...SOURCES.map(newestMtime)) < built && env.MERIDIAN_REBUILD !== '1') return;
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1]?.endsWith('build-if-stale.mjs')) buildIfStale();
