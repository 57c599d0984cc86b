-- DropForeignKey
ALTER TABLE "CostRecord" DROP CONSTRAINT "CostRecord_regionId_fkey";

-- DropForeignKey
ALTER TABLE "CostRecord" DROP CONSTRAINT "CostRecord_serviceId_fkey";

-- DropIndex
DROP INDEX "CostRecord_day_regionId_serviceId_idx";

-- DropIndex
DROP INDEX "CostRecord_importId_idx";

-- DropIndex
DROP INDEX "CostRecord_regionId_day_idx";

-- DropIndex
DROP INDEX "CostRecord_serviceId_day_idx";

-- DropIndex
DROP INDEX "CostRecord_sourceKey_key";

-- Ids become day || ':' || key (see the SQLite migration of the same name), before the sourceKey column goes.
UPDATE "CostRecord" SET "id" = "day" || ':' || COALESCE(substr("sourceKey", 1, 32), "id");

-- AlterTable
ALTER TABLE "CostRecord" DROP COLUMN "sourceKey";
