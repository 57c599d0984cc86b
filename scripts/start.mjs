// `npm start`: migrate (and on an empty database load the demo fleet), build once if needed, then serve.
// Everything a first run needs happens here, so `npm install && npm start` is the whole set-up.
import { spawnSync } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['tsx', 'scripts/db.ts', 'prepare']);
buildIfStale({ NEXT_TELEMETRY_DISABLED: '1', ...process.env });
run('npx', ['next', 'start', '-p', process.env.PORT ?? '3000', '-H', process.env.HOST ?? '0.0.0.0']);
