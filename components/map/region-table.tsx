'use client';
import { StatusBadge, tableClass } from '@/components/ui/primitives';
import { formatMs, formatPct, formatRps } from '@/lib/format';
import { type MapRegion, regionMarks } from './map-data';

export type TableRegion = MapRegion & { noData?: boolean };

const RANK = { down: 0, degraded: 1, healthy: 2 } as const;

/** The figures every view of a region shows, formatted once so the panel and the table always agree. */
export function regionFigures(r: TableRegion) {
  return {
    rps: formatRps(r.rps),
    p50: formatMs(r.p50Ms),
    p95: formatMs(r.p95Ms),
    p99: formatMs(r.p99Ms),
    errors: formatPct(r.errorRate, 2),
    util: formatPct(r.utilisation, 0),
    capacity: formatRps(r.capacityRps),
  };
}

/** The map's non-map twin: same regions, same figures, keyboard path to the details panel. Worst health first. */
export function RegionTable({
  regions,
  selectedId,
  onSelect,
  caption,
  versions = null,
}: {
  regions: readonly TableRegion[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  caption: string;
  /** During a rollout: the version each region of the released service runs (the map's version rings). */
  versions?: ReadonlyMap<string, { version: string; colour: string }> | null;
}) {
  const rows = [...regions].sort((a, b) => RANK[a.health] - RANK[b.health] || a.provider.localeCompare(b.provider) || a.code.localeCompare(b.code));
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} aria-label="Regions on the map">
        <caption className="mb-2 text-left text-sm text-[var(--muted)]">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Health</th>
            <th scope="col">Routing</th>
            {versions && <th scope="col">Version (rollout)</th>}
            <th scope="col" className="!text-right">
              Traffic
            </th>
            <th scope="col" className="!text-right">
              Capacity
            </th>
            <th scope="col" className="!text-right">
              Utilisation
            </th>
            <th scope="col" className="!text-right">
              p50
            </th>
            <th scope="col" className="!text-right">
              p95
            </th>
            <th scope="col" className="!text-right">
              p99
            </th>
            <th scope="col" className="!text-right">
              Errors
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const f = regionFigures(r);
            const marks = regionMarks(r);
            return (
              <tr key={r.id} data-testid={r.id} aria-selected={selectedId === r.id} className={selectedId === r.id ? 'bg-[var(--bg)]' : undefined}>
                <td>
                  <button
                    type="button"
                    className="text-left hover:underline"
                    onClick={() => onSelect(r.id)}
                    aria-label={`${r.name} (${r.provider} ${r.code}): show on map and open details`}
                  >
                    <span className="font-medium">{r.name}</span>{' '}
                    <span className="text-xs text-[var(--muted)]">
                      {r.provider} {r.code}
                    </span>
                  </button>
                </td>
                <td data-field="health">{r.noData ? <span className="text-[var(--muted)]">no data</span> : <StatusBadge status={r.health} />}</td>
                <td className="text-xs text-[var(--muted)]" data-field="routing">
                  {marks.length ? marks.join(', ') : `weight ${r.weight}`}
                </td>
                {versions && (
                  <td data-field="version" data-version={versions.get(r.id)?.version ?? ''} className="font-mono text-xs">
                    {versions.get(r.id) ? (
                      <span className="inline-flex items-center gap-1">
                        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: versions.get(r.id)?.colour }} />
                        {versions.get(r.id)?.version}
                      </span>
                    ) : (
                      <span className="text-[var(--muted)]">not in this release</span>
                    )}
                  </td>
                )}
                <td className="tabular text-right" data-field="rps">
                  {f.rps}
                </td>
                <td className="tabular text-right text-[var(--muted)]" data-field="capacity">
                  {f.capacity}
                </td>
                <td
                  className={
                    r.utilisation >= 0.97
                      ? 'tabular text-right font-semibold text-red-700 dark:text-red-400'
                      : r.utilisation >= 0.9
                        ? 'tabular text-right font-semibold text-amber-700 dark:text-amber-400'
                        : 'tabular text-right'
                  }
                  data-field="util"
                  title={r.utilisation >= 0.9 ? 'Near capacity' : undefined}
                >
                  {f.util}
                </td>
                <td className="tabular text-right" data-field="p50">
                  {f.p50}
                </td>
                <td className="tabular text-right" data-field="p95">
                  {f.p95}
                </td>
                <td className="tabular text-right" data-field="p99">
                  {f.p99}
                </td>
                <td className="tabular text-right" data-field="errors">
                  {f.errors}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
