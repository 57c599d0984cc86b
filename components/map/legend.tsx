import { LATENCY_BUCKETS } from './map-data';
import { HEALTH_COLOUR } from './map-style';

function Shape({ kind }: { kind: 'healthy' | 'degraded' | 'down' }) {
  const fill = HEALTH_COLOUR[kind];
  return (
    <svg width="14" height="14" viewBox="0 0 28 28" aria-hidden>
      {kind === 'healthy' && <circle cx="14" cy="14" r="9.5" fill={fill} stroke="white" strokeWidth="2" />}
      {kind === 'degraded' && <path d="M14 3 L25 23 L3 23 Z" fill={fill} stroke="white" strokeWidth="2" />}
      {kind === 'down' && (
        <g>
          <rect x="5" y="5" width="18" height="18" fill={fill} stroke="white" strokeWidth="2" />
          <path d="M10 10 L18 18 M18 10 L10 18" stroke="white" strokeWidth="2" />
        </g>
      )}
    </svg>
  );
}

/** What every mark on the map means; sits over the map's lower-left corner and folds away. */
export interface LegendRollout {
  service: string;
  status: string;
  versions: { version: string; colour: string; regions: number; label: 'new' | 'old' }[];
}

export function MapLegend({ replay, rollout = null }: { replay: boolean; rollout?: LegendRollout | null }) {
  return (
    <details
      open
      className="absolute bottom-2 left-2 z-10 max-w-[260px] rounded-md border border-[var(--border)] bg-[var(--panel)]/95 px-3 py-2 text-xs shadow"
    >
      <summary className="cursor-pointer select-none font-medium">Legend</summary>
      <ul className="mt-1.5 space-y-1">
        <li className="flex items-center gap-1.5">
          <Shape kind="healthy" /> healthy <Shape kind="degraded" /> degraded <Shape kind="down" /> down
        </li>
        <li className="text-[var(--muted)]">Marker size: capacity · soft halo: current traffic</li>
        {rollout ? (
          <li data-testid="legend-rollout">
            <div>
              Rollout of {rollout.service} ({rollout.status}), ring = version:
            </div>
            <div className="mt-0.5 flex flex-wrap gap-x-2">
              {rollout.versions.map((v) => (
                <span key={v.label} className="inline-flex items-center gap-1 whitespace-nowrap" data-version={v.version}>
                  <span aria-hidden className="inline-block h-3 w-3 rounded-full border-[3px]" style={{ borderColor: v.colour, background: `${v.colour}59` }} />
                  {v.version} ({v.label}, {v.regions})
                </span>
              ))}
            </div>
            <div className="text-[var(--muted)]">Drained/dialled rings hidden meanwhile (see the table)</div>
          </li>
        ) : (
          <li className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block h-3 w-3 rounded-full border-[3px] border-slate-600 dark:border-slate-300" /> drained
            <span aria-hidden className="ml-2 inline-block h-3 w-3 rounded-full border-2 border-violet-600" /> dialled down
          </li>
        )}
        <li className="flex items-center gap-1.5">
          <span aria-hidden className="rounded-sm bg-blue-700 px-1 text-[9px] font-bold leading-3 text-white">
            DB
          </span>{' '}
          database primary
        </li>
        {!replay && (
          <>
            <li>
              <div>Traffic users → region (width: requests/s), round trip:</div>
              <div className="mt-0.5 flex flex-wrap gap-x-2">
                {LATENCY_BUCKETS.map((b) => (
                  <span key={b.label} className="inline-flex items-center gap-1 whitespace-nowrap">
                    <span aria-hidden className="inline-block h-1 w-4 rounded" style={{ background: b.colour }} />
                    {b.label}
                  </span>
                ))}
              </div>
            </li>
            <li className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block w-5 border-t-2 border-dotted border-teal-600 dark:border-teal-300" /> replication primary → replica
              <span aria-hidden className="ml-1 inline-block w-4 border-t-2 border-dotted border-red-600" /> stalled
            </li>
            <li className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-3 w-5 rounded-full bg-indigo-500/50" /> where users are (demand)
            </li>
          </>
        )}
      </ul>
    </details>
  );
}
