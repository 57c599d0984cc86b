// One migrated, seeded database for the unit and integration tests of this run, prepared by the same command
// `npm start` uses (in a child process: the schema engine's loader wants plain Node, not Vite's module runner).
import { execFileSync } from 'node:child_process';
import { pinTestSimClock } from './sim-clock';
import { createTempDatabase } from './temp-db';

export default async function setup() {
  const { url, drop } = await createTempDatabase('unit');
  process.env.DATABASE_URL = url;
  process.env.MERIDIAN_DEMO_ACCOUNTS = '1';
  pinTestSimClock();
  execFileSync('npx', ['tsx', 'scripts/db.ts', 'prepare'], { env: process.env, stdio: 'pipe' });
  return drop;
}
