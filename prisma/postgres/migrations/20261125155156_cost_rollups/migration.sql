-- CreateTable
CREATE TABLE "CostMonthly" (
    "month" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "CostMonthly_pkey" PRIMARY KEY ("month","provider","regionId","serviceId","category")
);

-- CreateTable
CREATE TABLE "CostDaily" (
    "day" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "CostDaily_pkey" PRIMARY KEY ("day","provider","regionId","category")
);

-- CreateIndex
CREATE INDEX "CostMonthly_covering_idx" ON "CostMonthly"("month", "provider", "regionId", "serviceId", "category", "amountMicros");

-- CreateIndex
CREATE INDEX "CostDaily_covering_idx" ON "CostDaily"("day", "provider", "regionId", "category", "amountMicros");
