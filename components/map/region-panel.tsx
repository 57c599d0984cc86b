'use client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { StatusBadge } from '@/components/ui/primitives';
import { formatDateTime, formatUsd } from '@/lib/format';
import { regionMarks } from './map-data';
import { useRegionBurn, useRegionPanel } from './queries';
import { regionFigures, type TableRegion } from './region-table';

function Figure({ label, field, value, hint }: { label: string; field: string; value: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-[var(--muted)]">{label}</dt>
      <dd className="tabular text-base font-semibold" data-field={field}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-[var(--muted)]">{hint}</dd>}
    </div>
  );
}

/** Burn rate as the SLO page writes it: 1× spends the error budget exactly in 30 days. */
const burnText = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

/** SLO burn of the region: 1 h and 6 h burn (availability and latency) against the strictest objectives here, and its state. */
function BurnFigures({ regionId }: { regionId: string }) {
  const q = useRegionBurn(regionId);
  const b = q.data?.burn;
  return (
    <section aria-label="SLO burn" data-testid="region-burn" className="mt-3 rounded-md border border-[var(--border)] px-3 py-2">
      <h3 className="text-sm font-medium text-[var(--muted)]">SLO burn{b ? ` (objective ${b.sloAvailabilityPct} %)` : ''}</h3>
      {q.isPending && <p className="text-sm text-[var(--muted)]">Loading burn rates…</p>}
      {q.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Burn rates could not load: {q.error.message}
        </p>
      )}
      {q.data && !b && <p className="text-sm text-[var(--muted)]">No active service runs here: no objective to burn.</p>}
      {b &&
        (() => {
          const pages = b.alerts.filter((a) => a.severity === 'page');
          const state = pages.length
            ? 'page'
            : b.alerts.length
              ? 'ticket'
              : Math.max(b.availabilityBurn['1h'], b.availabilityBurn['6h']) > 1
                ? 'burning'
                : 'ok';
          const label = { page: 'Paging: burning fast', ticket: 'Ticket: slow burn', burning: 'Above budget pace', ok: 'Within budget' }[state];
          const tone =
            state === 'page'
              ? 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100'
              : state === 'ok'
                ? 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100'
                : 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100';
          return (
            <>
              <table className="mt-1 w-full text-sm">
                <thead>
                  <tr className="text-xs text-[var(--muted)]">
                    <th scope="col" className="text-left font-normal">
                      Burn rate
                    </th>
                    <th scope="col" className="text-right font-normal">
                      1 h
                    </th>
                    <th scope="col" className="text-right font-normal">
                      6 h
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row" className="text-left font-normal">
                      Availability
                    </th>
                    <td className="tabular text-right font-semibold" data-field="burn-1h">
                      {burnText(b.availabilityBurn['1h'])}
                    </td>
                    <td className="tabular text-right font-semibold" data-field="burn-6h">
                      {burnText(b.availabilityBurn['6h'])}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row" className="text-left font-normal">
                      Latency
                    </th>
                    <td className="tabular text-right" data-field="latency-burn-1h">
                      {burnText(b.latencyBurn['1h'])}
                    </td>
                    <td className="tabular text-right" data-field="latency-burn-6h">
                      {burnText(b.latencyBurn['6h'])}
                    </td>
                  </tr>
                </tbody>
              </table>
              <p className="mt-1.5 flex flex-wrap items-center gap-1.5 text-sm" data-field="burn-state" data-state={state}>
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tone}`}>{label}</span>
                {b.alerts.length > 0 && (
                  <span className="text-xs">
                    {b.alerts.map((a) => `${a.sli} ${a.long} ${burnText(a.longBurn)} (${a.severity} above ${a.burn}×)`).join('; ')}
                  </span>
                )}
              </p>
              <p className="mt-1 text-xs text-[var(--muted)]">
                1× spends the 30-day budget exactly; pages above 14.4× over 1 h or 6× over 6 h, each confirmed by a short window. Objectives: the strictest of{' '}
                {b.services.length} services here. Availability budget left {Math.round(b.budgetRemaining * 100)} %.
              </p>
            </>
          );
        })()}
    </section>
  );
}

/** Details of the region clicked on the map. Live figures come from the same snapshot as the table. */
export function RegionPanel({ region, replayLabel, onClose }: { region: TableRegion; replayLabel: string | null; onClose: () => void }) {
  const details = useRegionPanel(region.id);
  const d = details.data;
  const f = regionFigures(region);
  const marks = regionMarks(region);
  const closeRef = useRef<HTMLButtonElement>(null);
  // Focus moves into the panel when it opens for a region (keyboard users land on it); Escape closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when another region is chosen
  useEffect(() => {
    closeRef.current?.focus({ preventScroll: true });
  }, [region.id]);
  return (
    <aside
      aria-label={`Details of ${region.name}`}
      data-testid="region-panel"
      data-region-id={region.id}
      className="flex max-h-[640px] w-full flex-col overflow-y-auto rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4 lg:w-[360px]"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold leading-tight">{region.name}</h2>
          <p className="text-xs text-[var(--muted)]">
            {region.provider} {region.code} · {region.city}, {region.country} · jurisdiction {region.jurisdiction}
          </p>
        </div>
        <button
          ref={closeRef}
          type="button"
          onClick={onClose}
          className="rounded-md px-2 py-1 text-sm text-[var(--muted)] hover:bg-[var(--bg)]"
          aria-label="Close region details"
        >
          ✕
        </button>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2" data-field="health">
        {region.noData ? <span className="text-sm text-[var(--muted)]">no data at this minute</span> : <StatusBadge status={region.health} />}
        {marks.map((m) => (
          <span key={m} className="rounded bg-[var(--bg)] px-1.5 py-0.5 text-xs">
            {m}
          </span>
        ))}
      </div>
      {replayLabel && (
        <p className="mt-2 rounded bg-amber-100 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">Figures at {replayLabel}</p>
      )}
      <dl className="mt-3 grid grid-cols-3 gap-x-3 gap-y-2">
        <Figure label="Traffic" field="rps" value={f.rps} />
        <Figure label="Errors" field="errors" value={f.errors} />
        <Figure label="Utilisation" field="util" value={f.util} hint={`of ${f.capacity}`} />
        <Figure label="p50" field="p50" value={f.p50} />
        <Figure label="p95" field="p95" value={f.p95} />
        <Figure label="p99" field="p99" value={f.p99} />
      </dl>
      <div className="mt-2 h-2 rounded bg-[var(--bg)]" role="img" aria-label={`Utilisation ${f.util} of capacity`}>
        <div
          className="h-2 rounded"
          style={{
            width: `${Math.min(100, region.utilisation * 100)}%`,
            background: region.utilisation >= 0.97 ? 'var(--color-down)' : region.utilisation >= 0.85 ? 'var(--color-degraded)' : 'var(--color-healthy)',
          }}
        />
      </div>
      {!replayLabel && <BurnFigures regionId={region.id} />}
      <p className="mt-1 text-xs text-[var(--muted)]">Routing: {region.drained ? 'drained' : `weight ${region.weight}, dial ${region.dialPct} %`}</p>
      <Link
        href={`/failover?region=${encodeURIComponent(region.id)}`}
        className="mt-3 inline-flex w-fit items-center gap-1 rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-white hover:opacity-90"
      >
        Failover controls for {region.code} →
      </Link>

      {details.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          Details could not load: {details.error.message}
        </p>
      )}
      {details.isPending && <p className="mt-3 text-sm text-[var(--muted)]">Loading deployments, databases and cost…</p>}
      {d && (
        <>
          <h3 className="mt-4 text-sm font-medium text-[var(--muted)]">Cost (UTC days)</h3>
          <dl className="mt-1 grid grid-cols-3 gap-2 text-sm">
            <div>
              <dt className="text-xs text-[var(--muted)]">Today so far</dt>
              <dd className="tabular font-medium" data-field="cost-today">
                {formatUsd(d.cost.today.amountUsd)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-[var(--muted)]">Yesterday ({d.cost.lastFullDay.day.slice(5)})</dt>
              <dd className="tabular font-medium" data-field="cost-yesterday">
                {formatUsd(d.cost.lastFullDay.amountUsd)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-[var(--muted)]">Month {d.cost.monthToDate.month}</dt>
              <dd className="tabular font-medium" data-field="cost-month">
                {formatUsd(d.cost.monthToDate.amountUsd)}
              </dd>
            </div>
          </dl>

          <h3 className="mt-4 text-sm font-medium text-[var(--muted)]">Databases</h3>
          {d.databases.length === 0 ? (
            <p className="text-sm text-[var(--muted)]">No database here.</p>
          ) : (
            <ul className="mt-1 space-y-0.5 text-sm">
              {d.databases.map((db) => (
                <li key={db.name}>
                  <span className={db.role === 'primary' ? 'font-semibold' : ''}>{db.role === 'primary' ? 'Primary' : 'Replica'}</span> of {db.name}{' '}
                  <span className="text-xs text-[var(--muted)]">
                    ({db.engine}
                    {db.pinnedJurisdiction ? `, writes pinned to ${db.pinnedJurisdiction}` : ''})
                  </span>
                </li>
              ))}
            </ul>
          )}

          <h3 className="mt-4 text-sm font-medium text-[var(--muted)]">Deployments ({d.deployments.length})</h3>
          {d.deployments.length === 0 ? (
            <p className="text-sm text-[var(--muted)]">No service runs here.</p>
          ) : (
            <table className="mt-1 w-full text-sm">
              <tbody>
                {d.deployments.map((x) => (
                  <tr key={x.serviceId} className="border-b border-[var(--border)] last:border-0">
                    <td className="py-0.5">{x.service}</td>
                    <td className="py-0.5 font-mono text-xs">{x.version}</td>
                    <td className="py-0.5 text-right">
                      <StatusBadge status={x.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3 className="mt-4 text-sm font-medium text-[var(--muted)]">Recent events</h3>
          {d.events.length === 0 ? (
            <p className="text-sm text-[var(--muted)]">Nothing recorded.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {d.events.map((e) => (
                <li key={e.id}>
                  <span className="tabular text-xs text-[var(--muted)]">{formatDateTime(e.at).slice(5, 16)}</span> {e.label}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
