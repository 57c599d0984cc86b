import { defineConfig } from 'prisma/config';

// `prisma generate` works offline only when it does not try to download the schema engine; migrations run
// through scripts/db.mjs (the schema engine as WebAssembly), so the native binary is never needed.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
