import 'server-only';
import { db } from '../db';
import { continentOf } from '../geo';
import { costUsdBetween } from './costs';

export interface FleetOverview {
  regions: { total: number; byStatus: Record<string, number>; byProvider: Record<string, number>; byContinent: Record<string, number> };
  services: number;
  teams: number;
  deployments: { total: number; byState: Record<string, number>; drifted: number };
  monthToDateUsd: number;
  previousMonthSameDaysUsd: number;
  month: string;
}

function count(xs: string[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) m[x] = (m[x] ?? 0) + 1;
  return m;
}

export async function getFleetOverview(now = new Date()): Promise<FleetOverview> {
  const month = now.toISOString().slice(0, 7);
  const today = now.toISOString().slice(0, 10);
  const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const prevMonth = prev.toISOString().slice(0, 7);
  const prevSameDay = `${prevMonth}-${today.slice(8, 10)}`;
  const [regions, services, deployments, mtd, prevMtd] = await Promise.all([
    db.region.findMany({ select: { status: true, provider: true, country: true } }),
    db.service.findMany({ where: { status: 'active' }, select: { team: true } }),
    db.deployment.findMany({ select: { state: true, version: true, serviceId: true } }),
    costUsdBetween(`${month}-01`, today),
    costUsdBetween(`${prevMonth}-01`, prevSameDay),
  ]);
  // Drift: a deployment whose version differs from the version most of its service runs.
  const versionsByService = new Map<string, Record<string, number>>();
  for (const d of deployments) {
    const m = versionsByService.get(d.serviceId) ?? {};
    m[d.version] = (m[d.version] ?? 0) + 1;
    versionsByService.set(d.serviceId, m);
  }
  const majority = new Map([...versionsByService].map(([s, m]) => [s, Object.entries(m).sort((a, b) => b[1] - a[1])[0][0]]));
  const live = regions.filter((r) => r.status !== 'retired');
  return {
    regions: {
      total: regions.length,
      byStatus: count(regions.map((r) => r.status)),
      byProvider: count(live.map((r) => r.provider)),
      byContinent: count(live.map((r) => continentOf(r.country))),
    },
    services: services.length,
    teams: new Set(services.map((s) => s.team)).size,
    deployments: {
      total: deployments.length,
      byState: count(deployments.map((d) => d.state)),
      drifted: deployments.filter((d) => majority.get(d.serviceId) !== d.version).length,
    },
    monthToDateUsd: mtd,
    previousMonthSameDaysUsd: prevMtd,
    month,
  };
}
