import 'server-only';
import { addDays } from '../costs/dates';
import { db } from '../db';
import { AppError } from '../errors';
import { costUsdBetween } from './costs';

// What the map's side panel shows about one region beyond its live figures (those come from the live cache, so the
// panel and the table show the same numbers): deployments, database role, cost, recent events.

export interface RegionPanel {
  id: string;
  name: string;
  code: string;
  provider: string;
  city: string;
  country: string;
  jurisdiction: string;
  status: string;
  capacityRps: number;
  routing: { weight: number; dialPct: number; drained: boolean } | null;
  deployments: { serviceId: string; service: string; version: string; state: string; readyReplicas: number; desiredReplicas: number }[];
  databases: { name: string; engine: string; role: 'primary' | 'replica'; primaryRegionId: string; pinnedJurisdiction: string | null }[];
  cost: {
    /** UTC day of "today" and its spend so far (model accrual or imports may not have landed yet) */
    today: { day: string; amountUsd: number };
    /** the last full day (yesterday, UTC) */
    lastFullDay: { day: string; amountUsd: number };
    monthToDate: { month: string; amountUsd: number };
  };
  events: { id: string; at: string; kind: string; label: string }[];
}

export async function getRegionPanel(id: string, now = new Date()): Promise<RegionPanel> {
  const today = now.toISOString().slice(0, 10);
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const region = await db.region.findUnique({
    where: { id },
    include: {
      routing: { where: { serviceId: null } },
      deployments: { include: { service: { select: { name: true } } } },
      primaryOf: true,
      replicaOf: { include: { dataStore: true } },
    },
  });
  if (!region) throw new AppError('NOT_FOUND', `No region ${id}.`);
  const [costToday, costYesterday, costMonth, fleetEvents, audits] = await Promise.all([
    costUsdBetween(today, addDays(today, 1), id),
    costUsdBetween(yesterday, today, id),
    costUsdBetween(`${month}-01`, addDays(today, 1), id),
    db.fleetEvent.findMany({ where: { regionId: id }, orderBy: { at: 'desc' }, take: 8 }),
    db.auditEvent.findMany({ where: { targetType: 'region', targetId: id, outcome: 'ok' }, orderBy: { at: 'desc' }, take: 8 }),
  ]);
  const rt = region.routing[0];
  const events = [
    ...fleetEvents.map((e) => {
      const d = (e.detail ?? {}) as Record<string, unknown>;
      const label =
        e.kind === 'health'
          ? `Health ${String(d.from)} → ${String(d.to)}`
          : e.kind === 'failure.inject'
            ? `Failure injected: ${String(d.kind ?? '').replace('_', ' ')}${d.simulated ? ' (simulated history)' : ''}`
            : e.kind === 'failure.clear'
              ? 'Failure cleared'
              : e.kind;
      return { id: `e${e.id}`, at: e.at.toISOString(), kind: e.kind, label };
    }),
    ...audits.map((a) => ({ id: `a${a.id}`, at: a.at.toISOString(), kind: a.action, label: `${a.action} by ${a.actor}${a.reason ? `: ${a.reason}` : ''}` })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 8);
  return {
    id: region.id,
    name: region.name,
    code: region.code,
    provider: region.provider,
    city: region.city,
    country: region.country,
    jurisdiction: region.jurisdiction,
    status: region.status,
    capacityRps: region.capacityRps,
    routing: rt ? { weight: rt.weight, dialPct: rt.dialPct, drained: rt.drained } : null,
    deployments: region.deployments
      .map((d) => ({
        serviceId: d.serviceId,
        service: d.service.name,
        version: d.version,
        state: d.state,
        readyReplicas: d.readyReplicas,
        desiredReplicas: d.desiredReplicas,
      }))
      .sort((a, b) => a.service.localeCompare(b.service)),
    databases: [
      ...region.primaryOf.map((s) => ({
        name: s.name,
        engine: s.engine,
        role: 'primary' as const,
        primaryRegionId: s.primaryRegionId,
        pinnedJurisdiction: s.pinnedJurisdiction,
      })),
      ...region.replicaOf.map((r) => ({
        name: r.dataStore.name,
        engine: r.dataStore.engine,
        role: 'replica' as const,
        primaryRegionId: r.dataStore.primaryRegionId,
        pinnedJurisdiction: r.dataStore.pinnedJurisdiction,
      })),
    ],
    cost: {
      today: { day: today, amountUsd: costToday },
      lastFullDay: { day: yesterday, amountUsd: costYesterday },
      monthToDate: { month, amountUsd: costMonth },
    },
    events,
  };
}

export interface MapService {
  id: string;
  name: string;
  /** regions where the service has a deployment */
  regionIds: string[];
}

/** Services for the map's filter, with the regions each one runs in. */
export async function listMapServices(): Promise<MapService[]> {
  const rows = await db.service.findMany({
    where: { status: 'active' },
    orderBy: [{ tier: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, deployments: { select: { regionId: true } } },
  });
  return rows.map((s) => ({ id: s.id, name: s.name, regionIds: s.deployments.map((d) => d.regionId) }));
}
