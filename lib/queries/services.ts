import 'server-only';
import { db } from '../db';

export async function listServices() {
  const rows = await db.service.findMany({
    orderBy: [{ tier: 'asc' }, { name: 'asc' }],
    include: { deployments: { select: { version: true, state: true } } },
  });
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    team: s.team,
    tier: s.tier,
    status: s.status,
    sloAvailabilityPct: s.sloAvailabilityPct,
    sloLatencyP95Ms: s.sloLatencyP95Ms,
    regions: s.deployments.length,
    versions: [...new Set(s.deployments.map((d) => d.version))].sort(),
    unhealthy: s.deployments.filter((d) => d.state !== 'healthy').length,
  }));
}

export async function getService(id: string) {
  return db.service.findUnique({
    where: { id },
    include: {
      deployments: { include: { region: { select: { id: true, name: true, code: true, provider: true } } }, orderBy: { region: { code: 'asc' } } },
      dataStores: {
        include: { primaryRegion: { select: { code: true, provider: true } }, replicas: { include: { region: { select: { code: true, provider: true } } } } },
      },
    },
  });
}
