import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { JURISDICTIONS, PROVIDERS, REGION_STATUSES } from '../fleet/types';
import { costUsdBetween } from './costs';

export const REGION_SORTS = ['name', 'provider', 'code', 'jurisdiction', 'status', 'capacityRps', 'deployments'] as const;

/** The regions table's URL parameters; anything unknown falls back to the default rather than erroring. */
export const regionFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  provider: z.enum(PROVIDERS).optional().catch(undefined),
  jurisdiction: z.enum(JURISDICTIONS).optional().catch(undefined),
  status: z.enum(REGION_STATUSES).optional().catch(undefined),
  sort: z.enum(REGION_SORTS).default('provider').catch('provider'),
  dir: z.enum(['asc', 'desc']).default('asc').catch('asc'),
});
export type RegionFilter = z.infer<typeof regionFilterSchema>;

export interface RegionRow {
  id: string;
  provider: string;
  code: string;
  name: string;
  city: string;
  country: string;
  jurisdiction: string;
  lat: number;
  lng: number;
  status: string;
  capacityRps: number;
  deployments: number;
  drained: boolean;
  dialPct: number;
  weight: number;
}

export async function listRegions(filter: RegionFilter): Promise<RegionRow[]> {
  const q = filter.q?.toLowerCase();
  const rows = await db.region.findMany({
    where: { provider: filter.provider, jurisdiction: filter.jurisdiction, status: filter.status },
    include: { _count: { select: { deployments: true } }, routing: { where: { serviceId: null } } },
  });
  const out = rows
    .map((r) => ({
      id: r.id,
      provider: r.provider,
      code: r.code,
      name: r.name,
      city: r.city,
      country: r.country,
      jurisdiction: r.jurisdiction,
      lat: r.lat,
      lng: r.lng,
      status: r.status,
      capacityRps: r.capacityRps,
      deployments: r._count.deployments,
      drained: r.routing[0]?.drained ?? false,
      dialPct: r.routing[0]?.dialPct ?? 100,
      weight: r.routing[0]?.weight ?? 0,
    }))
    // Search is case-insensitive on both databases (SQLite LIKE and PostgreSQL differ), so it runs here.
    .filter((r) => !q || [r.name, r.code, r.city, r.country, r.provider].some((s) => s.toLowerCase().includes(q)));
  const k = filter.sort;
  const sign = filter.dir === 'desc' ? -1 : 1;
  return out.sort((a, b) => {
    const x = a[k];
    const y = b[k];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * (c || a.code.localeCompare(b.code));
  });
}

export async function getRegion(id: string) {
  const month = new Date().toISOString().slice(0, 7);
  const today = new Date().toISOString().slice(0, 10);
  const region = await db.region.findUnique({
    where: { id },
    include: {
      deployments: { include: { service: { select: { name: true, slug: true } } }, orderBy: { service: { name: 'asc' } } },
      routing: { include: { service: { select: { name: true } } } },
      primaryOf: { select: { id: true, name: true, engine: true } },
      replicaOf: { select: { dataStore: { select: { id: true, name: true, engine: true, primaryRegionId: true } } } },
    },
  });
  if (!region) return null;
  const [mtd, yesterday] = await Promise.all([
    costUsdBetween(`${month}-01`, today, id),
    costUsdBetween(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), today, id),
  ]);
  return { ...region, monthToDateUsd: mtd, yesterdayUsd: yesterday };
}
