'use client';
import { useEffect, useMemo, useState } from 'react';
import { seededRandom } from '@/lib/demo/random';
import type { HealthState, Jurisdiction, Provider } from '@/lib/fleet/types';
import type { LiveFlow, LiveReplica } from '@/lib/live/types';
import { CELLS } from '@/lib/sim/demand';
import { FleetMap } from './fleet-map';
import type { MapRegion } from './map-data';

// Synthetic fleets for the benchmark (bench/map.ts): sites near population cells, arcs from users to one of the
// nearer of a few random sites, a handful of replication links. Deterministic for a given size.

function synth(sites: number, arcs: number) {
  const r = seededRandom(42);
  const providers: Provider[] = ['aws', 'gcp', 'azure', 'oci'];
  const regions: MapRegion[] = [];
  for (let i = 0; i < sites; i++) {
    const c = CELLS[Math.floor(r() * CELLS.length)];
    const roll = r();
    const health: HealthState = roll < 0.03 ? 'down' : roll < 0.1 ? 'degraded' : 'healthy';
    const capacityRps = 2000 + Math.floor(r() * 60_000);
    const utilisation = health === 'down' ? 0 : 0.2 + r() * 0.7;
    regions.push({
      id: `syn-${i}`,
      code: `syn-${i}`,
      provider: providers[i % 4],
      name: `${c.name} ${i}`,
      city: c.name,
      country: c.country,
      jurisdiction: c.jurisdiction as Jurisdiction,
      lat: c.lat + (r() - 0.5) * 0.6,
      lng: c.lng + (r() - 0.5) * 0.6,
      status: 'active',
      health,
      rps: capacityRps * utilisation,
      capacityRps,
      utilisation,
      p50Ms: 20 + r() * 30,
      p95Ms: 60 + r() * 100,
      p99Ms: 120 + r() * 200,
      errorRate: health === 'down' ? 1 : r() * 0.01,
      weight: 128,
      dialPct: r() < 0.02 ? 50 : 100,
      drained: r() < 0.01,
      primaryOf: r() < 0.01 ? ['db'] : [],
    });
  }
  const flows: LiveFlow[] = [];
  for (let i = 0; i < arcs && regions.length; i++) {
    const c = CELLS[Math.floor(r() * CELLS.length)];
    let best = regions[Math.floor(r() * regions.length)];
    let bestD = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 6; k++) {
      const s = regions[Math.floor(r() * regions.length)];
      const d = (s.lat - c.lat) ** 2 + (s.lng - c.lng) ** 2;
      if (d < bestD) [best, bestD] = [s, d];
    }
    flows.push({ country: c.country, lat: c.lat, lng: c.lng, regionId: best.id, rps: 10 + r() * 2000, rttMs: 10 + Math.sqrt(bestD) * 1.5 });
  }
  const replication: LiveReplica[] = [];
  for (let i = 0; i + 1 < Math.min(regions.length, 60); i += 2)
    replication.push({ dataStore: `db-${i}`, primaryRegionId: regions[i].id, replicaRegionId: regions[i + 1].id, lagMs: r() * 500, stalled: false });
  return { regions, flows, replication };
}

declare global {
  interface Window {
    __mapBench?: { sites: number; arcs: number; firstIdleMs: number | null; idles: number; live: boolean };
  }
}

export function MapBench({ sites, arcs }: { sites: number; arcs: number }) {
  const base = useMemo(() => synth(sites, arcs), [sites, arcs]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    window.__mapBench = { sites, arcs, firstIdleMs: null, idles: 0, live: false };
    // Live updates once a second like the SSE feed, when the benchmark turns them on.
    const t = setInterval(() => {
      if (window.__mapBench?.live) setTick((x) => x + 1);
    }, 1000);
    return () => clearInterval(t);
  }, [sites, arcs]);
  const data = useMemo(() => {
    if (tick === 0) return base;
    const f = 1 + 0.1 * Math.sin(tick);
    const regions = base.regions.map((x, i) => ({
      ...x,
      rps: x.rps * f,
      health: (i + tick) % 97 === 0 ? ('down' as const) : x.health,
    }));
    return { regions, flows: base.flows.map((x) => ({ ...x, rps: x.rps * f })), replication: base.replication };
  }, [base, tick]);
  return (
    <div>
      <p className="mb-2 text-sm text-[var(--muted)]">
        Benchmark: {sites.toLocaleString('en-US')} sites, {arcs.toLocaleString('en-US')} arcs (synthetic)
      </p>
      <FleetMap
        className="h-[700px] w-full overflow-hidden rounded-lg border border-[var(--border)]"
        ariaLabel="Benchmark map"
        regions={data.regions}
        flows={data.flows}
        replication={data.replication}
        layers={{ traffic: true, demand: true, replication: true }}
        labels={sites <= 2000}
        onIdle={() => {
          const b = window.__mapBench;
          if (!b) return;
          b.idles++;
          if (b.firstIdleMs === null) b.firstIdleMs = performance.now();
        }}
      />
    </div>
  );
}
