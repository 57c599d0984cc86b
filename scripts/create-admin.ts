// One-time command for an installation without demo accounts (PostgreSQL in production, or a fresh SQLite file):
//   npx tsx scripts/create-admin.ts --email ops@example.com --name "Ops Lead" [--password ...]
// The password comes from --password, else MERIDIAN_ADMIN_PASSWORD, else it is generated and printed once.
// Prefer the environment variable or the generated one: a --password argument lands in shell history and `ps`.
// Refuses when the email exists. Uses DATABASE_URL like the app (SQLite or PostgreSQL); run migrations first.
import { parseArgs } from 'node:util';
import { createAdmin } from '../lib/auth/bootstrap';
import { newSecret } from '../lib/auth/tokens';
import { databaseKind, databaseUrl } from '../lib/config';
import { createDb } from '../lib/db-client';
import { AppError } from '../lib/errors';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help || !values.email || !values.name) {
    console.error('Usage: npx tsx scripts/create-admin.ts --email <email> --name "<name>" [--password <password>]');
    console.error('Password: --password, else MERIDIAN_ADMIN_PASSWORD, else a generated one printed once.');
    return values.help ? 0 : 2;
  }
  const given = values.password ?? process.env.MERIDIAN_ADMIN_PASSWORD;
  const password = given || newSecret();
  const url = databaseUrl();
  const db = createDb(url);
  try {
    const admin = await createAdmin(db, { email: values.email, name: values.name, password }, 'system:create-admin');
    console.log(`Created admin ${admin.email} on ${databaseKind(url) === 'postgres' ? 'PostgreSQL' : 'SQLite'}.`);
    if (!given) console.log(`Generated password (shown once, store it now): ${password}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`Refused: ${e.message}`);
      return 1;
    }
    console.error('Could not create the admin. Is the database migrated (npm run db:deploy)?', e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
