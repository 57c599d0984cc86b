import 'server-only';
import { db } from '../db';

export interface DeploymentMatrix {
  services: { id: string; name: string; majorityVersion: string }[];
  regions: { id: string; code: string; provider: string }[];
  cells: Record<string, { version: string; state: string; ready: number; desired: number; drift: boolean }>; // key serviceId|regionId
}

export async function getDeploymentMatrix(): Promise<DeploymentMatrix> {
  const [services, regions, deployments] = await Promise.all([
    db.service.findMany({ where: { status: 'active' }, orderBy: [{ tier: 'asc' }, { name: 'asc' }], select: { id: true, name: true } }),
    db.region.findMany({
      where: { status: { not: 'retired' } },
      orderBy: [{ provider: 'asc' }, { code: 'asc' }],
      select: { id: true, code: true, provider: true },
    }),
    db.deployment.findMany({ select: { serviceId: true, regionId: true, version: true, state: true, readyReplicas: true, desiredReplicas: true } }),
  ]);
  const counts = new Map<string, Map<string, number>>();
  for (const d of deployments) {
    const m = counts.get(d.serviceId) ?? new Map<string, number>();
    m.set(d.version, (m.get(d.version) ?? 0) + 1);
    counts.set(d.serviceId, m);
  }
  const majority = (id: string) => [...(counts.get(id) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const cells: DeploymentMatrix['cells'] = {};
  for (const d of deployments) {
    cells[`${d.serviceId}|${d.regionId}`] = {
      version: d.version,
      state: d.state,
      ready: d.readyReplicas,
      desired: d.desiredReplicas,
      drift: d.version !== majority(d.serviceId),
    };
  }
  return { services: services.map((s) => ({ ...s, majorityVersion: majority(s.id) })), regions, cells };
}
