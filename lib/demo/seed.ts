// Loads the demo fleet into an empty database. Never runs over existing data: callers check isEmpty() first.
import bcrypt from 'bcryptjs';
import { databaseKind } from '../config';
import { costRecordId } from '../costs/import-rows';
import { bulkInsert } from '../db-bulk';
import type { Db } from '../db-client';
import { rebuildRollups } from '../queries/costs-sql';
import { DEMO_DATA_STORES, DEMO_PINNED_JURISDICTIONS, DEMO_REGIONS, DEMO_SERVICES, regionId } from './catalog';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoCost, demoCosts, demoDeployments, isoDay } from './fleet';
import { sizeCapacities } from './sizing';

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.region.count()) === 0 && (await db.user.count()) === 0;
}

const COST_COLUMNS = ['id', 'day', 'regionId', 'serviceId', 'provider', 'category', 'amountUsd', 'usageQuantity', 'usageUnit', 'source'];
const COST_BATCH = 2000;

async function insertCosts(db: Db, rows: DemoCost[], serviceIds: Map<string, string>, offset: number) {
  await bulkInsert(
    db,
    'CostRecord',
    COST_COLUMNS,
    rows.map((c, i) => [
      costRecordId(c.day, `seed-${offset + i}`),
      c.day,
      c.regionId,
      serviceIds.get(c.serviceSlug) ?? null,
      c.provider,
      c.category,
      c.amountUsd,
      c.usageQuantity,
      c.usageUnit,
      'seed',
    ]),
    COST_BATCH,
  );
}

export interface SeedOptions {
  today?: Date;
  /** Demo accounts are created only on the embedded demo database (see README). */
  withDemoAccounts?: boolean;
  log?: (s: string) => void;
}

export async function seedDemoFleet(db: Db, opts: SeedOptions = {}) {
  const today = opts.today ?? new Date();
  const log = opts.log ?? (() => {});
  const t0 = Date.now();

  // Capacity follows demand: each region is provisioned for its peak hour with headroom (lib/demo/sizing.ts).
  const fleetRegions = DEMO_REGIONS.map((r) => ({ ...r, id: regionId(r), status: r.status ?? 'active' }));
  const capacity = sizeCapacities(fleetRegions, DEMO_PINNED_JURISDICTIONS, Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  await db.region.createMany({
    data: DEMO_REGIONS.map((r) => ({
      id: regionId(r),
      provider: r.provider,
      code: r.code,
      name: r.name,
      city: r.city,
      country: r.country,
      jurisdiction: r.jurisdiction,
      lat: r.lat,
      lng: r.lng,
      capacityRps: capacity.get(regionId(r)) ?? r.capacityRps,
      status: r.status ?? 'active',
    })),
  });
  await db.service.createMany({
    data: DEMO_SERVICES.map((s) => ({
      id: `svc-${s.slug}`,
      slug: s.slug,
      name: s.name,
      team: s.team,
      tier: s.tier,
      sloAvailabilityPct: s.sloAvailabilityPct,
      sloLatencyP95Ms: s.sloLatencyP95Ms,
    })),
  });
  const serviceIds = new Map(DEMO_SERVICES.map((s) => [s.slug, `svc-${s.slug}`]));
  await db.deployment.createMany({
    data: demoDeployments().map((d) => ({
      serviceId: `svc-${d.serviceSlug}`,
      regionId: d.regionId,
      version: d.version,
      desiredReplicas: d.desiredReplicas,
      readyReplicas: d.readyReplicas,
      state: d.state,
    })),
  });
  await db.routingState.createMany({
    data: [
      ...DEMO_REGIONS.filter((r) => r.status !== 'retired').map((r) => {
        const maintenance = r.status === 'maintenance';
        return { scopeKey: regionId(r), regionId: regionId(r), weight: 128, dialPct: maintenance ? 0 : 100, drained: maintenance };
      }),
      // A per-service override: recommendations' canary region takes a quarter of its usual share.
      {
        scopeKey: 'aws-eu-north-1:svc-recommendations',
        regionId: 'aws-eu-north-1',
        serviceId: 'svc-recommendations',
        weight: 32,
        dialPct: 100,
        drained: false,
      },
    ],
  });
  for (const ds of DEMO_DATA_STORES) {
    await db.dataStore.create({
      data: {
        name: ds.name,
        engine: ds.engine,
        serviceId: serviceIds.get(ds.service),
        primaryRegionId: ds.primary,
        pinnedJurisdiction: ds.pinnedJurisdiction,
        maxLagMs: ds.maxLagMs,
        replicas: { create: ds.replicas.map((regionId) => ({ regionId })) },
      },
    });
  }
  log(`inventory in ${Date.now() - t0} ms`);

  // Costs, and budgets derived from them so that a few teams overrun.
  const teamMonth = new Map<string, number>();
  const teamOf = new Map(DEMO_SERVICES.map((s) => [s.slug, s.team]));
  let batch: DemoCost[] = [];
  let n = 0;
  await db.$transaction(
    async (tx) => {
      for (const c of demoCosts(today)) {
        const key = `${teamOf.get(c.serviceSlug)}|${c.day.slice(0, 7)}`;
        teamMonth.set(key, (teamMonth.get(key) ?? 0) + c.amountUsd);
        batch.push(c);
        n++;
        if (batch.length >= COST_BATCH) await flush(tx as unknown as Db);
      }
      await flush(tx as unknown as Db);
    },
    { timeout: 600_000, maxWait: 10_000 },
  );
  async function flush(tx: Db) {
    if (!batch.length) return;
    await insertCosts(tx, batch, serviceIds, n - batch.length);
    batch = [];
  }
  log(`${n} cost rows in ${Date.now() - t0} ms`);
  // Reports read rollups; build them with the seed, so the first report is fast.
  await rebuildRollups({ db, kind: databaseKind() }, undefined);
  log(`cost rollups in ${Date.now() - t0} ms`);

  const currentMonth = isoDay(today).slice(0, 7);
  const daysInMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0)).getUTCDate();
  const dayOfMonth = today.getUTCDate();
  const budgets: { month: string; scopeType: string; scopeId: string; amountUsd: number }[] = [];
  const overrunTeams = new Set(['Content', 'Discovery']);
  for (const [key, actual] of teamMonth) {
    const [team, month] = key.split('|');
    // The current month is partial: budget against the month's expected total.
    const expected = month === currentMonth ? (actual / Math.max(1, dayOfMonth - 1)) * daysInMonth : actual;
    const factor = overrunTeams.has(team) && month >= currentMonth.slice(0, 4) ? 0.93 : 1.08;
    budgets.push({ month, scopeType: 'team', scopeId: team, amountUsd: Math.round((expected * factor) / 1000) * 1000 });
  }
  await db.budget.createMany({ data: budgets });

  if (opts.withDemoAccounts) {
    const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
    await db.user.createMany({ data: DEMO_ACCOUNTS.map((a) => ({ ...a, passwordHash })) });
  }
  await db.auditEvent.create({
    data: {
      actor: 'system',
      action: 'fleet.seeded',
      targetType: 'fleet',
      targetId: 'demo',
      reason: 'Empty database: demo fleet loaded',
      after: { regions: DEMO_REGIONS.length, services: DEMO_SERVICES.length, costRows: n },
    },
  });
  log(`demo fleet seeded in ${Date.now() - t0} ms`);
}
