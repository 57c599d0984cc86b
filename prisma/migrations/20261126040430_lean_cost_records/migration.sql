-- CostRecord becomes a lean fact table keyed by day: id = day || ':' || key, where an imported row's key is the
-- first 32 hex digits (128 bits) of its sourceKey (so re-importing an old file still finds its rows), and any other
-- row's key is its old id. The sourceKey column, the secondary indexes and the foreign keys go.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CostRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "serviceId" TEXT,
    "provider" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountUsd" REAL NOT NULL,
    "usageQuantity" REAL NOT NULL DEFAULT 0,
    "usageUnit" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'seed',
    "importId" TEXT
);
INSERT INTO "new_CostRecord" ("amountUsd", "category", "day", "id", "importId", "provider", "regionId", "serviceId", "source", "usageQuantity", "usageUnit") SELECT "amountUsd", "category", "day", "day" || ':' || COALESCE(substr("sourceKey", 1, 32), "id"), "importId", "provider", "regionId", "serviceId", "source", "usageQuantity", "usageUnit" FROM "CostRecord";
DROP TABLE "CostRecord";
ALTER TABLE "new_CostRecord" RENAME TO "CostRecord";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
