// Offline stand-in for `prisma migrate dev --create-only`, `prisma migrate deploy`, `prisma migrate status`
// and `migrate diff`: drives @prisma/schema-engine-wasm (same hash as @prisma/engines-version) through a driver
// adapter, because the Prisma CLI cannot download its native schema engine here. Migrations stay in Prisma's
// folder format, so the real `prisma migrate deploy` works on any machine that has it.
// Recipe: shared/notes/prisma-offline.md. Used by scripts/db.ts; `cmd` is new | deploy | status | diff.
import fs from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

let bg; // the wasm module, loaded once per process
async function loadEngineModule() {
  if (bg) return bg;

// --- 1. load the wasm by hand (Node 20 cannot `import "./x.wasm"` as schema_engine.js does) ---
const bgUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
bg = await import(bgUrl);
const imports = { ...bg }; // the engine arms 10 s setTimeouts (pg): unref them so node can exit
for (const k of Object.keys(bg).filter((k) => k.startsWith("__wbg_setTimeout_")))
  imports[k] = (...a) => { const t = bg[k](...a); t?.unref?.(); return t; };
const { instance } = await WebAssembly.instantiate(
  fs.readFileSync(new URL("./schema_engine_bg.wasm", bgUrl)),
  { "./schema_engine_bg.js": imports },
);
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
return bg;
}

/** @param {{ cmd: string, schemaPath: string, url: string, name?: string, empty?: boolean, quiet?: boolean }} o */
export async function migrate({ cmd, schemaPath: schemaFile, url, name: rawName, empty = false, quiet = false }) {
const print = quiet ? () => {} : (s) => console.log(s);
const schemaPath = path.resolve(schemaFile);
const migrationsDir = path.join(path.dirname(schemaPath), "migrations");
const schema = fs.readFileSync(schemaPath, "utf8");
const provider = /datasource\s+\w+\s*{[^}]*provider\s*=\s*"(\w+)"/.exec(schema)?.[1];
await loadEngineModule();

// --- 2. driver adapter factory (must support connectToShadowDb for `new`) ---
let factory;
if (provider === "sqlite") {
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  factory = new PrismaBetterSqlite3({ url });
} else if (provider === "postgresql") {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  factory = new PrismaPg({ connectionString: url });
  // adapter-pg 7.10's own connectToShadowDb is unusable: its Pool({ ...config, database }) loses to
  // connectionString (the "shadow" is your real DB!) and it DROPs the db before closing its pool.
  factory.connectToShadowDb = async () => {
    const admin = await new PrismaPg({ connectionString: url }).connect();
    const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const u = new URL(url);
    u.pathname = `/${database}`;
    const shadow = await new PrismaPg({ connectionString: u.href }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  };
} else throw new Error(`unsupported provider ${provider}`);

// Two adapter quirks, patched on every connection handed to the engine:
// - the engine replays each migration on the shadow DB with ONE executeRaw(whole script);
//   better-sqlite3 rejects multi-statement strings there -> fall back to executeScript.
// - adapter-pg throws UnsupportedNativeDataType on pg_catalog's internal "char" type (oid 18)
//   that the engine's introspection queries return -> report it as text (oid 25).
function patch(conn) {
  const executeRaw = conn.executeRaw.bind(conn);
  conn.executeRaw = (q) =>
    executeRaw(q).catch((e) => {
      if (q.args?.length || !/more than one statement/i.test(String(e?.message))) throw e;
      return conn.executeScript(q.sql).then(() => 0);
    });
  if (conn.performIO) {
    const performIO = conn.performIO.bind(conn);
    conn.performIO = async (q) => {
      const r = await performIO(q);
      for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return r;
    };
  }
  return conn;
}
const opened = []; // engine.free() never disposes its main connection: pg's pool would idle 10 s before exit
for (const m of ["connect", "connectToShadowDb"]) {
  const orig = factory[m].bind(factory);
  factory[m] = async (...a) => {
    const conn = patch(await orig(...a));
    if (m === "connect") opened.push(conn);
    return conn;
  };
}

const log = process.env.DEBUG_SCHEMA_ENGINE ? (s) => console.error(s) : () => {};
const engine = await bg.SchemaEngine.new(
  { datamodels: [[schemaPath, schema]] },
  log,
  bindMigrationAwareSqlAdapterFactory(factory),
);

// --- 3. migrations folder in Prisma's on-disk format ---
const LOCK = "migration_lock.toml";
const LOCK_TEXT = (p) =>
  `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${p}"\n`;
function migrationsList() {
  const lockPath = path.join(migrationsDir, LOCK);
  const dirs = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCK, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const f = path.join(migrationsDir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f) ? { tag: "ok", value: fs.readFileSync(f, "utf8") } : { tag: "error", value: "missing migration.sql" },
        },
      };
    }),
  };
}
const filters = { externalTables: [], externalEnums: [] };

try {
  if (cmd === "new") {
    // `createMigration` refuses here ("shadow DB must be provided through an external factory"),
    // but `diff` from the migrations folder (replayed on the adapter's shadow DB) works.
    if (!rawName) throw new Error("usage: new <name> [--empty]");
    fs.mkdirSync(migrationsDir, { recursive: true });
    const lockPath = path.join(migrationsDir, LOCK);
    if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, LOCK_TEXT(provider));
    const r = await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true, exitCode: true, filters,
    });
    if (r.exitCode === 0 && !empty) {
      print("No schema changes since the last migration: nothing created (pass --empty for an empty one).");
    } else {
      // same naming as the CLI: UTC yyyyMMddHHmmss + "_" + slugify(name, { separator: "_" }).substring(0, 200)
      const ts = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const slug = rawName.replace(/&/g, " and ").replace(/([a-z\d])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z\d]+)/g, "$1_$2")
        .toLowerCase().replace(/[^a-z\d]+/g, "_").replace(/^_+|_+$/g, "").substring(0, 200);
      const dir = path.join(migrationsDir, `${ts}_${slug}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "migration.sql"), r.stdout ?? "-- This is an empty migration.");
      print(`Created ${path.relative(process.cwd(), dir)}/migration.sql`);
    }
  } else if (cmd === "deploy") {
    const { appliedMigrationNames: a } = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    print(a.length ? `Applied: ${a.join(", ")}` : "No pending migrations to apply.");
    return a;
  } else if (cmd === "status") {
    const list = migrationsList();
    const r = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters })
      .catch((e) => { // SQLite without _prisma_migrations throws P1014 instead of reporting it
        if (e.code !== "P1014") throw e;
        const unappliedMigrationNames = list.migrationDirectories.map((d) => d.path);
        return { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: false,
          history: { diagnostic: "databaseIsBehind", unappliedMigrationNames } };
      });
    print(JSON.stringify(r, null, 2));
    return r.history || r.failedMigrationNames.length || r.editedMigrationNames.length ? 1 : 0;
  } else if (cmd === "diff") {
    // drift check: migrations folder (replayed on shadow DB) vs schema.prisma; exit 2 if they differ
    const r = await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true, exitCode: true, filters,
    });
    process.stdout.write(r.stdout ?? "");
    return r.exitCode;
  } else {
    throw new Error(`unknown migrate command ${cmd}: new <name> [--empty] | deploy | status | diff`);
  }
} finally {
  engine.free();
  for (const c of opened) await c.dispose();
}
return 0;
}