// `npm run bench`: every bench/*.ts (bench/lib.ts is their helpers) in turn with tsx, then the figures each one wrote
// to bench/results/*.json. Exits non-zero when any benchmark fails; the others still run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'bench', 'results');
const scripts = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .sort();

const dates = () =>
  Object.fromEntries(
    (fs.existsSync(results) ? fs.readdirSync(results) : [])
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(fs.readFileSync(path.join(results, f), 'utf8'))]),
  );

const failed = [];
for (const script of scripts) {
  console.log(`\n=== bench/${script}`);
  const before = dates();
  const r = spawnSync('npx', ['tsx', path.join('bench', script)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed.push(script);
  for (const [file, after] of Object.entries(dates())) {
    if (before[file]?.date === after.date) continue;
    console.log(`--- bench/${script} → bench/results/${file} (${after.date}):`);
    for (const [k, v] of Object.entries(after.figures ?? {})) console.log(`  ${k.padEnd(44)} ${v}`);
  }
  console.log(`=== bench/${script}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`}`);
}
console.log(failed.length ? `\n${failed.length} of ${scripts.length} failed: ${failed.join(', ')}` : `\nall ${scripts.length} benchmarks ran`);
process.exit(failed.length ? 1 : 0);
