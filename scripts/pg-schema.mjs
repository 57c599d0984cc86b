// prisma/postgres/schema.prisma is generated from prisma/schema.prisma: only the provider and output differ.
// Usage: node scripts/pg-schema.mjs [--check]
import fs from 'node:fs';

export const SQLITE_SCHEMA = 'prisma/schema.prisma';
export const PG_SCHEMA = 'prisma/postgres/schema.prisma';

export function postgresSchemaText() {
  return fs
    .readFileSync(SQLITE_SCHEMA, 'utf8')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output   = "../lib/generated/sqlite"', 'output   = "../../lib/generated/postgres"')
    .replace(
      /^\/\/ Meridian's inventory\. This is the SQLite schema[^\n]*\n\/\/[^\n]*\n/m,
      '// GENERATED from prisma/schema.prisma by `npm run db:sync-schema`: do not edit.\n',
    );
}

if (process.argv[1]?.endsWith('pg-schema.mjs')) {
  if (process.argv.includes('--check')) {
    if (fs.readFileSync(PG_SCHEMA, 'utf8') !== postgresSchemaText()) {
      console.error(`${PG_SCHEMA} is stale: run npm run db:sync-schema`);
      process.exit(1);
    }
  } else {
    fs.mkdirSync('prisma/postgres', { recursive: true });
    fs.writeFileSync(PG_SCHEMA, postgresSchemaText());
  }
}
