-- CreateTable
CREATE TABLE "CostServiceMonthly" (
    "month" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "CostServiceMonthly_pkey" PRIMARY KEY ("month","serviceId","category")
);

-- CreateTable
CREATE TABLE "CostServiceDaily" (
    "day" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "CostServiceDaily_pkey" PRIMARY KEY ("day","serviceId","category")
);

-- CreateIndex
CREATE INDEX "CostServiceDaily_service_idx" ON "CostServiceDaily"("serviceId", "day", "category", "amountMicros");
