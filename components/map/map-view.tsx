'use client';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { cx } from '@/components/ui/primitives';
import { JURISDICTIONS, PROVIDERS } from '@/lib/fleet/types';
import { formatInt, formatMs, formatPct, formatRps } from '@/lib/format';
import { useLiveFleet } from '@/lib/live/client';
import type { LiveSnapshot } from '@/lib/live/types';
import type { MapService } from '@/lib/queries/region-panel';
import { FleetMap, type MapLayers } from './fleet-map';
import { MapLegend } from './legend';
import { regionsAt } from './map-data';
import { useActiveReleases, useHistoryAt, useHistoryMarks } from './queries';
import { RegionPanel } from './region-panel';
import { RegionTable, type TableRegion } from './region-table';
import { rolloutVersions } from './rollout';
import { replayLabelOf, Timeline } from './timeline';

const selectClass = 'rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm';

function matches(r: TableRegion, q: string) {
  const s = q.trim().toLowerCase();
  return !!s && [r.id, r.code, r.name, r.city, r.country].some((x) => x.toLowerCase().includes(s));
}

/** The map page: state first (what is broken, where), then the map with its panel, the replay, and the table. */
export function MapView({ initial, services }: { initial: LiveSnapshot; services: MapService[] }) {
  const { data: live = initial } = useLiveFleet(initial);
  const [provider, setProvider] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const [query, setQuery] = useState('');
  const [searchMiss, setSearchMiss] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const [layers, setLayers] = useState<MapLayers>({ traffic: true, demand: true, replication: true });
  const [replayAt, setReplayAt] = useState<number | null>(null);
  // Dragging the scrubber asks for at most one minute per render pass.
  const deferredReplay = useDeferredValue(replayAt);
  const history = useHistoryAt(deferredReplay === null ? null : new Date(deferredReplay).toISOString());
  const marks = useHistoryMarks();
  const replaying = replayAt !== null;
  // Rollout overlay: while a release runs, its regions are ringed by version (on by default, live).
  const releases = useActiveReleases();
  const [showVersions, setShowVersions] = useState(true);
  const [releaseId, setReleaseId] = useState('');
  const active = releases.data ?? [];
  const release = active.find((r) => r.releaseId === releaseId) ?? active[0] ?? null;
  const rollout = useMemo(
    () => (release ? rolloutVersions(release, services.find((s) => s.id === release.serviceId)?.regionIds ?? []) : null),
    [release, services],
  );
  const versionColours = useMemo(
    () => (rollout && showVersions && !replaying ? new Map([...rollout.byRegion].map(([id, v]) => [id, v.colour])) : null),
    [rollout, showVersions, replaying],
  );
  const releaseName = (serviceId: string) => services.find((s) => s.id === serviceId)?.name ?? serviceId;

  const service = services.find((s) => s.id === serviceId);
  const allRegions: TableRegion[] = useMemo(() => {
    const base = live.regions.filter((r) => r.status !== 'retired');
    return replaying && history.data ? regionsAt(base, history.data.regions) : base;
  }, [live.regions, replaying, history.data]);
  const regions = useMemo(() => {
    const inService = service ? new Set(service.regionIds) : null;
    return allRegions.filter(
      (r) => (!provider || r.provider === provider) && (!jurisdiction || r.jurisdiction === jurisdiction) && (!inService || inService.has(r.id)),
    );
  }, [allRegions, provider, jurisdiction, service]);
  const visible = useMemo(() => new Set(regions.map((r) => r.id)), [regions]);
  // Traffic and replication are live-only: rollups keep region figures, not flows.
  const flows = useMemo(() => (replaying ? [] : live.flows.filter((f) => visible.has(f.regionId))), [live.flows, visible, replaying]);
  const replication = useMemo(
    () => (replaying ? [] : live.replication.filter((r) => visible.has(r.primaryRegionId) && visible.has(r.replicaRegionId))),
    [live.replication, visible, replaying],
  );
  const selected = allRegions.find((r) => r.id === selectedId) ?? null;

  const select = (id: string) => {
    setSelectedId(id);
    setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }));
  };
  useEffect(() => {
    if (selectedId && !visible.has(selectedId)) setSelectedId(null);
  }, [visible, selectedId]);

  const counts = { healthy: 0, degraded: 0, down: 0 };
  for (const r of regions) if (!('noData' in r && r.noData)) counts[r.health]++;
  const totalRps = regions.reduce((s, r) => s + r.rps, 0);
  const p95 = totalRps ? regions.reduce((s, r) => s + r.p95Ms * r.rps, 0) / totalRps : 0;
  const errRate = totalRps ? regions.reduce((s, r) => s + r.errorRate * r.rps, 0) / totalRps : 0;
  const attention = regions.filter((r) => r.health !== 'healthy' && !r.noData).sort((a, b) => (a.health === 'down' ? -1 : 1) - (b.health === 'down' ? -1 : 1));
  const filtered = regions.length !== allRegions.length;
  const replayLabel = replayAt === null ? null : replayLabelOf(replayAt);

  return (
    <>
      {/* State first: counts, what needs attention, and whether this is live or a replay. */}
      <section
        aria-label="Fleet state"
        className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-[var(--border)] bg-[var(--panel)] px-4 py-2.5 text-sm"
      >
        <span className={cx('font-medium', replaying ? 'text-amber-700 dark:text-amber-400' : 'text-green-700 dark:text-green-400')}>
          {replaying ? `Replay · ${replayLabel}` : live.sim.running ? '● Live' : '❚❚ Live, simulation paused'}
        </span>
        <span className="tabular" data-testid="map-health-counts">
          <span className="text-green-700 dark:text-green-400">● {counts.healthy} healthy</span>
          {' · '}
          <span className={counts.degraded ? 'font-semibold text-amber-700 dark:text-amber-400' : 'text-[var(--muted)]'}>▲ {counts.degraded} degraded</span>
          {' · '}
          <span className={counts.down ? 'font-semibold text-red-700 dark:text-red-400' : 'text-[var(--muted)]'}>■ {counts.down} down</span>
          {filtered && <span className="text-[var(--muted)]"> (of {allRegions.length} regions: filtered)</span>}
        </span>
        <span className="tabular text-[var(--muted)]">
          {formatRps(totalRps)} · p95 {formatMs(p95)} · errors {formatPct(errRate, 2)}
        </span>
        {attention.length > 0 && (
          <span className="flex flex-wrap items-center gap-1">
            Needs attention:
            {attention.slice(0, 6).map((r) => (
              <button
                key={r.id}
                type="button"
                onClick={() => select(r.id)}
                className={cx(
                  'rounded px-1.5 py-0.5 text-xs font-medium',
                  r.health === 'down'
                    ? 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100'
                    : 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
                )}
              >
                {r.health === 'down' ? '■' : '▲'} {r.code} {r.health}
              </button>
            ))}
          </span>
        )}
        {!replaying && live.failures.length > 0 && (
          <span className="text-xs text-[var(--muted)]">
            Active failures: {live.failures.map((f) => f.detail).join('; ')} ({formatInt(live.failures.length)})
          </span>
        )}
      </section>

      <fieldset className="mb-3 flex flex-wrap items-end gap-3" aria-label="Map filters">
        <label className="flex flex-col text-xs text-[var(--muted)]">
          Provider
          <select className={selectClass} value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="">All providers</option>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-[var(--muted)]">
          Service
          <select className={selectClass} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.regionIds.length} regions)
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-[var(--muted)]">
          Jurisdiction
          <select className={selectClass} value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)}>
            <option value="">All jurisdictions</option>
            {JURISDICTIONS.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
        </label>
        <form
          aria-label="Find a region"
          className="flex items-end gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            const hit =
              regions.find((r) => r.code.toLowerCase() === query.trim().toLowerCase() || r.id === query.trim()) ?? regions.find((r) => matches(r, query));
            setSearchMiss(!hit);
            if (hit) select(hit.id);
          }}
        >
          <label className="flex flex-col text-xs text-[var(--muted)]">
            Find a region
            <input
              className={cx(selectClass, 'w-52')}
              list="map-region-names"
              placeholder="code, name or city"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setSearchMiss(false);
              }}
              aria-invalid={searchMiss}
              aria-describedby={searchMiss ? 'map-search-miss' : undefined}
            />
          </label>
          <datalist id="map-region-names">
            {regions.map((r) => (
              <option key={r.id} value={r.code}>
                {r.name}, {r.city}
              </option>
            ))}
          </datalist>
          <button type="submit" className={cx(selectClass, 'hover:bg-[var(--bg)]')}>
            Go
          </button>
          {searchMiss && (
            <span id="map-search-miss" role="status" className="self-center text-xs text-red-700 dark:text-red-400">
              No region matches (with these filters)
            </span>
          )}
        </form>
        <fieldset className="flex items-center gap-3 text-sm">
          <legend className="sr-only">Layers</legend>
          {(
            [
              ['traffic', 'Traffic'],
              ['demand', 'Demand'],
              ['replication', 'Replication'],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="flex items-center gap-1">
              <input type="checkbox" checked={layers[k]} onChange={(e) => setLayers((l) => ({ ...l, [k]: e.target.checked }))} />
              {label}
            </label>
          ))}
        </fieldset>
        {rollout && (
          <fieldset className="flex items-center gap-2 text-sm" data-testid="rollout-toggle">
            <legend className="sr-only">Rollout</legend>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={showVersions} onChange={(e) => setShowVersions(e.target.checked)} />
              Versions of the rollout
            </label>
            {active.length > 1 && (
              <select aria-label="Release shown" className={selectClass} value={rollout.release.releaseId} onChange={(e) => setReleaseId(e.target.value)}>
                {active.map((r) => (
                  <option key={r.releaseId} value={r.releaseId}>
                    {releaseName(r.serviceId)} {r.version}
                  </option>
                ))}
              </select>
            )}
          </fieldset>
        )}
        <a href="#map-table" className="ml-auto text-sm text-[var(--accent)] hover:underline">
          Table view ↓
        </a>
      </fieldset>

      <div className="flex flex-col gap-3 lg:flex-row">
        <div
          className={cx(
            'relative h-[600px] min-w-0 flex-1 overflow-hidden rounded-lg border bg-[var(--panel)]',
            replaying ? 'border-amber-500 ring-2 ring-amber-400/60' : 'border-[var(--border)]',
          )}
        >
          <FleetMap
            className="h-full w-full"
            ariaLabel="World map of regions, traffic and replication. Use the table below for the same figures."
            regions={regions}
            flows={flows}
            replication={replication}
            layers={layers}
            selectedId={selectedId}
            onSelect={select}
            focus={focus}
            versionColours={versionColours}
          />
          {replaying && (
            <div className="absolute left-1/2 top-2 z-10 -translate-x-1/2 rounded-md bg-amber-100 px-3 py-1 text-sm font-medium text-amber-950 shadow dark:bg-amber-900 dark:text-amber-50">
              Replay of {replayLabel}: health and figures from history; traffic arcs are live only
            </div>
          )}
          <MapLegend
            replay={replaying}
            rollout={
              rollout && versionColours ? { service: releaseName(rollout.release.serviceId), status: rollout.release.status, versions: rollout.legend } : null
            }
          />
        </div>
        {selected && <RegionPanel region={selected} replayLabel={replayLabel} onClose={() => setSelectedId(null)} />}
      </div>

      <Timeline nowMs={live.at} value={replayAt} onChange={setReplayAt} marks={marks.data?.marks ?? []} range={history.data?.range} />

      <section id="map-table" className="mt-6" aria-label="Table view">
        <h2 className="mb-2 text-lg font-semibold">Table view</h2>
        <RegionTable
          regions={regions}
          selectedId={selectedId}
          onSelect={select}
          versions={versionColours && rollout ? rollout.byRegion : null}
          caption={`${regions.length} regions${replaying ? `, health and figures at ${replayLabel} (routing column as now)` : ', live'}. Worst health first; utilisation at 90 % or more is highlighted; choose a region to open its details beside the map.`}
        />
      </section>
    </>
  );
}
