// Builds the demo fleet as plain rows (no database here), deterministic for a given seed and date.
import type { CostCategory, DeploymentState } from '../fleet/types';
import { type CatalogService, DEMO_DATA_STORES, DEMO_REGIONS, DEMO_SERVICES, regionId } from './catalog';
import { hashUnit, seededRandom } from './random';

export const DEMO_SEED = 20261125;
export const DEMO_PASSWORD = 'meridian-demo';
export const DEMO_ACCOUNTS = [
  { email: 'admin@meridian.local', name: 'Ada Admin', role: 'admin' },
  { email: 'operator@meridian.local', name: 'Oscar Operator', role: 'operator' },
  { email: 'manager@meridian.local', name: 'Mona Manager', role: 'manager' },
  { email: 'viewer@meridian.local', name: 'Victor Viewer', role: 'viewer' },
] as const;

export interface DemoDeployment {
  serviceSlug: string;
  regionId: string;
  version: string;
  desiredReplicas: number;
  readyReplicas: number;
  state: DeploymentState;
}

/** Services that hold data pay for databases and replicate between regions. */
const STATEFUL = new Set(DEMO_DATA_STORES.map((d) => d.service));

export function demoDeployments(): DemoDeployment[] {
  const out: DemoDeployment[] = [];
  for (const s of DEMO_SERVICES) {
    for (const r of DEMO_REGIONS) {
      if (r.status === 'retired') continue;
      const id = regionId(r);
      const share = s.tier === 1 ? 1 : s.tier === 2 ? 0.7 : 0.5;
      if (hashUnit(`${s.slug}@${id}`) >= share) continue;
      const desired = Math.max(2, Math.round((r.capacityRps / 7_000) * (s.weight / 6)));
      out.push({ serviceSlug: s.slug, regionId: id, version: s.version, desiredReplicas: desired, readyReplicas: desired, state: 'healthy' });
    }
  }
  // A few changes in flight, so the deployments matrix shows drift.
  const set = (slug: string, rid: string, patch: Partial<DemoDeployment>) => {
    const d = out.find((x) => x.serviceSlug === slug && x.regionId === rid);
    if (d) Object.assign(d, patch);
  };
  for (const rid of ['aws-eu-west-1', 'aws-us-west-2', 'gcp-europe-west1', 'aws-ap-southeast-2']) set('feed', rid, { version: '12.1.0' });
  for (const rid of ['aws-us-east-1', 'azure-westeurope']) set('feed', rid, { version: '12.1.0', state: 'progressing', readyReplicas: 1 });
  set('recommendations', 'aws-eu-north-1', { version: '6.1.0-rc.2', state: 'degraded' });
  for (const rid of ['gcp-asia-northeast1', 'azure-japaneast', 'aws-ap-northeast-2']) set('search', rid, { version: '8.3.2' });
  set('notifications', 'aws-sa-east-1', { version: '3.2.9', state: 'rolled_back' });
  set('media-upload', 'azure-mexicocentral', { state: 'pending', readyReplicas: 0 });
  for (const d of out) {
    if (d.state === 'progressing') d.readyReplicas = Math.max(1, d.desiredReplicas - 1);
    if (d.state === 'degraded') d.readyReplicas = Math.max(1, d.desiredReplicas - 2);
  }
  return out;
}

export interface DemoCost {
  day: string;
  regionId: string;
  serviceSlug: string;
  provider: string;
  category: CostCategory;
  amountUsd: number;
  usageQuantity: number;
  usageUnit: string;
}

const PROVIDER_PRICE_FACTOR: Record<string, number> = { aws: 1, gcp: 0.94, azure: 0.97, oci: 0.82 };
const USAGE_UNIT: Record<CostCategory, [unit: string, usdPerUnit: number]> = {
  compute: ['vCPU-hours', 0.048],
  storage: ['GB-months', 0.023 / 30],
  database: ['DB-instance-hours', 0.68],
  network_egress: ['GB', 0.085],
  inter_region: ['GB', 0.02],
  other: ['requests (millions)', 0.4],
};

function categoryShares(s: CatalogService): Partial<Record<CostCategory, number>> {
  const stateful = STATEFUL.has(s.slug);
  const egress = s.slug.startsWith('media') ? 0.28 : 0.12;
  return {
    compute: stateful ? 0.48 : 0.62,
    storage: s.slug.startsWith('media') ? 0.14 : 0.07,
    ...(stateful ? { database: 0.18, inter_region: 0.06 } : {}),
    network_egress: egress,
    other: 0.04,
  };
}

/** ISO day string (UTC). */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * 13 months of daily cost per deployment and category ending yesterday: growth of about 2.5 % a month, quieter
 * weekends, a December peak and a summer dip, and a little noise. Shares follow typical cloud bills (compute first,
 * then egress, databases, storage).
 */
export function* demoCosts(today: Date, seed = DEMO_SEED): Generator<DemoCost> {
  const rand = seededRandom(seed);
  const deployments = demoDeployments();
  const services = new Map(DEMO_SERVICES.map((s) => [s.slug, s]));
  const regions = new Map(DEMO_REGIONS.map((r) => [regionId(r), r]));
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 13, today.getUTCDate()));
  const days = Math.round((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - start.getTime()) / 86_400_000);
  for (let i = 0; i < days; i++) {
    const d = new Date(start.getTime() + i * 86_400_000);
    const day = isoDay(d);
    const monthsIn = i / 30.4;
    const growth = 1.025 ** monthsIn;
    const dow = d.getUTCDay();
    const weekly = dow === 0 || dow === 6 ? 0.87 : 1.03;
    const month = d.getUTCMonth();
    const seasonal = month === 11 ? 1.12 : month === 10 ? 1.05 : month === 7 ? 0.93 : 1;
    for (const dep of deployments) {
      const s = services.get(dep.serviceSlug);
      const r = regions.get(dep.regionId);
      if (!s || !r) continue;
      const base = 9.3 * s.weight * (r.capacityRps / 10_000) * PROVIDER_PRICE_FACTOR[r.provider];
      for (const [category, share] of Object.entries(categoryShares(s)) as [CostCategory, number][]) {
        const noise = 1 + (rand() - 0.5) * 0.06;
        const amountUsd = Math.round(base * share * growth * weekly * seasonal * noise * 100) / 100;
        const [usageUnit, usdPerUnit] = USAGE_UNIT[category];
        yield {
          day,
          regionId: dep.regionId,
          serviceSlug: s.slug,
          provider: r.provider,
          category,
          amountUsd,
          usageQuantity: Math.round((amountUsd / usdPerUnit) * 100) / 100,
          usageUnit,
        };
      }
    }
  }
}
