'use client';
import dynamic from 'next/dynamic';
import type { PreviewFlows } from '@/lib/failover/preview';
import type { Preview } from '@/lib/failover/types';
import { formatMs, formatPct, formatRps, formatUsd } from '@/lib/format';
import { Notice, tableClass } from '../ui/primitives';

// The map engine (maplibre and the map component) loads only when a preview with projected flows is shown.
const PreviewMap = dynamic(() => import('@/components/map/preview-map').then((m) => m.PreviewMap), {
  ssr: false,
  loading: () => <p className="text-sm text-[var(--muted)]">Loading the map of projected traffic…</p>,
});

/** The what-if preview: who moves, where load lands, what it costs, and every rule that would refuse it. */
export function PreviewView({ preview }: { preview: Preview & { flows?: PreviewFlows } }) {
  const changed = preview.regions
    .filter((r) => Math.abs(r.rpsAfter - r.rpsBefore) > Math.max(1, r.rpsBefore * 0.005))
    .sort((a, b) => Math.abs(b.rpsAfter - b.rpsBefore) - Math.abs(a.rpsAfter - a.rpsBefore))
    .slice(0, 12);
  const rttDelta = preview.affected.rttAfterMs - preview.affected.rttBeforeMs;
  return (
    <div className="space-y-3" data-testid="preview">
      {preview.violations.length > 0 ? (
        <Notice kind="error">
          <p className="font-medium">The safety rules would refuse this:</p>
          <ul className="mt-1 list-disc pl-5" data-testid="violations">
            {preview.violations.map((v, i) => (
              <li key={i}>
                <strong>{v.rule}</strong>: {v.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Notice kind="success">Every safety rule passes.</Notice>
      )}
      <ol className="list-decimal pl-5 text-sm" aria-label="Steps">
        {preview.steps.map((s, i) => (
          <li key={i}>
            {s.label}
            {s.waitAfterS ? `, then wait ${s.waitAfterS} s` : ''}
          </li>
        ))}
      </ol>
      <dl className="grid grid-cols-2 gap-3 text-sm lg:grid-cols-4">
        <div>
          <dt className="text-[var(--muted)]">Traffic that moves</dt>
          <dd className="tabular font-medium" data-testid="moved-rps">
            {formatRps(preview.affected.rps)}
          </dd>
        </div>
        <div>
          <dt className="text-[var(--muted)]">Their round trip</dt>
          <dd className="tabular font-medium">
            {formatMs(preview.affected.rttBeforeMs)} → {formatMs(preview.affected.rttAfterMs)} ({rttDelta >= 0 ? '+' : ''}
            {Math.round(rttDelta)} ms)
          </dd>
        </div>
        <div>
          <dt className="text-[var(--muted)]">SLO burn rate (99.9 %)</dt>
          <dd className="tabular font-medium">
            {preview.sloBurnRateBefore.toFixed(2)}× → {preview.sloBurnRateAfter.toFixed(2)}×
          </dd>
        </div>
        <div>
          <dt className="text-[var(--muted)]">Cost change</dt>
          <dd className="tabular font-medium">
            {preview.costDeltaUsdPerHour >= 0 ? '+' : '−'}
            {formatUsd(Math.abs(preview.costDeltaUsdPerHour), { cents: true })}/h
          </dd>
        </div>
        {preview.dataLossWindowMs !== undefined && (
          <div className="col-span-2">
            <dt className="text-[var(--muted)]">{preview.change.kind === 'failover' ? 'Writes that may be lost' : 'Wait for the replica to catch up'}</dt>
            <dd className="tabular font-medium" data-testid="loss-window">
              {formatMs(preview.dataLossWindowMs)}
            </dd>
          </div>
        )}
        {preview.unservedAfterRps > 0 && (
          <div className="col-span-2 text-red-700 dark:text-red-400">
            <dt>Unserved after the change</dt>
            <dd className="tabular font-medium">{formatRps(preview.unservedAfterRps)}</dd>
          </div>
        )}
      </dl>
      {changed.length > 0 && (
        <table className={tableClass} aria-label="Projected load">
          <thead>
            <tr>
              <th>Region</th>
              <th className="text-right">Load before → after</th>
              <th className="text-right">Utilisation</th>
              <th className="text-right">p95</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((r) => (
              <tr key={r.regionId}>
                <td className="font-mono">{r.code}</td>
                <td className="tabular text-right">
                  {formatRps(r.rpsBefore)} → {formatRps(r.rpsAfter)}
                </td>
                <td className={`tabular text-right ${r.utilisationAfter > 0.8 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>
                  {formatPct(r.utilisationBefore, 0)} → {formatPct(r.utilisationAfter, 0)}
                </td>
                <td className="tabular text-right">
                  {formatMs(r.p95BeforeMs)} → {formatMs(r.p95AfterMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.flows && <PreviewMap flows={preview.flows} projection={preview.regions} />}
    </div>
  );
}
