'use client';
import { useMemo, useState } from 'react';
import type { PreviewFlows } from '@/lib/failover/preview';
import type { RegionProjection } from '@/lib/failover/types';
import { formatRps } from '@/lib/format';
import { FleetMap } from './fleet-map';
import { LATENCY_BUCKETS, type MapRegion } from './map-data';

/**
 * The failover preview on the one map engine (FleetMap): users' areas → the regions that would serve them after the
 * change (or now, to compare), the drained region ringed and labelled. Loaded lazily by the preview (next/dynamic),
 * so the failover page ships no map code until a preview is shown.
 */
export function PreviewMap({ flows, projection }: { flows: PreviewFlows; projection: readonly RegionProjection[] }) {
  const [when, setWhen] = useState<'after' | 'before'>('after');
  const drained = useMemo(() => new Set(flows.drained), [flows.drained]);
  const regions: MapRegion[] = useMemo(() => {
    const proj = new Map(projection.map((p) => [p.regionId, p]));
    return flows.regions.map((r) => {
      const p = proj.get(r.id);
      const rps = (when === 'after' ? p?.rpsAfter : p?.rpsBefore) ?? 0;
      const utilisation = (when === 'after' ? p?.utilisationAfter : p?.utilisationBefore) ?? 0;
      const p95Ms = (when === 'after' ? p?.p95AfterMs : p?.p95BeforeMs) ?? 0;
      const isDrained = when === 'after' && drained.has(r.id);
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        provider: r.provider,
        city: r.city,
        country: '',
        jurisdiction: 'US',
        lat: r.lat,
        lng: r.lng,
        status: 'active',
        health: p?.health ?? 'healthy',
        rps,
        capacityRps: utilisation > 0 ? rps / utilisation : rps,
        utilisation,
        p50Ms: 0,
        p95Ms,
        p99Ms: 0,
        errorRate: when === 'after' ? (p?.errorRateAfter ?? 0) : 0,
        weight: 128,
        dialPct: isDrained ? 0 : 100,
        drained: isDrained,
        primaryOf: [],
      } as unknown as MapRegion;
    });
  }, [flows.regions, projection, drained, when]);
  const shown = when === 'after' ? flows.after : flows.before;
  const total = shown.reduce((s, f) => s + f.rps, 0);
  const drainedCodes = flows.regions.filter((r) => drained.has(r.id)).map((r) => r.code);
  return (
    <section aria-label="Projected traffic map" data-testid="preview-map" data-when={when} className="rounded-lg border border-[var(--border)]">
      <div className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
        <span className="font-medium">Traffic on the map</span>
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">Which routing</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="preview-map-when" checked={when === 'after'} onChange={() => setWhen('after')} />
            After the change (projected)
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="preview-map-when" checked={when === 'before'} onChange={() => setWhen('before')} />
            Now
          </label>
        </fieldset>
        <span className="tabular text-xs text-[var(--muted)]">
          {shown.length} flows, {formatRps(total)}
          {drainedCodes.length > 0 && ` · drained: ${drainedCodes.join(', ')}`}
        </span>
      </div>
      <FleetMap
        className="h-[440px] w-full overflow-hidden rounded-b-lg"
        ariaLabel={`Map of projected traffic ${when === 'after' ? 'after the change' : 'now'}: users' countries to the regions serving them. The table above has the figures.`}
        regions={regions}
        flows={shown}
        replication={[]}
        layers={{ traffic: true, demand: false, replication: false }}
        // As much of the inhabited world as a wide, short frame holds (one world copy: the width sets the zoom).
        initialView={{ center: [15, 20], zoom: 0.3 }}
      />
      <p className="flex flex-wrap gap-x-3 px-3 py-1.5 text-xs text-[var(--muted)]">
        Arcs: users → region, width by requests/s, colour by round trip
        {LATENCY_BUCKETS.map((b) => (
          <span key={b.label} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block h-1 w-4 rounded" style={{ background: b.colour }} />
            {b.label}
          </span>
        ))}
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full border-[3px] border-slate-600 dark:border-slate-300" /> drained by this change
        </span>
      </p>
    </section>
  );
}
