'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { abortOperation, setDataStoreLagLimit } from '@/lib/actions/failover';
import type { ControlChange } from '@/lib/failover/types';
import { formatMs, formatPct, formatRps } from '@/lib/format';
import { useLiveFleet } from '@/lib/live/client';
import type { LiveSnapshot } from '@/lib/live/types';
import type { FailoverBoard, OperationRow } from '@/lib/queries/operations';
import { Input } from '../ui/field';
import { Button, Card, Notice, StatusBadge, tableClass } from '../ui/primitives';
import { ControlPanel } from './control-panel';

type BoardData = FailoverBoard & { operations: OperationRow[] };
const HEADROOM = 0.8;

export function FailoverBoardView({
  initialLive,
  initialBoard,
  mayOperate,
  isAdmin,
  focus,
}: {
  initialLive: LiveSnapshot;
  initialBoard: BoardData;
  mayOperate: boolean;
  isAdmin: boolean;
  focus?: string;
}) {
  const { data: live = initialLive } = useLiveFleet(initialLive);
  const { data: board = initialBoard } = useQuery({
    queryKey: ['failover', 'board'],
    queryFn: async (): Promise<BoardData> => (await fetch('/api/v1/failover/board')).json(),
    initialData: initialBoard,
    refetchInterval: (q) => (q.state.data?.operations.some((o) => o.status === 'running') ? 1000 : 10_000),
  });
  const [panel, setPanel] = useState<{ change: ControlChange; title: string; version: number } | null>(null);
  const [pending, start] = useTransition();
  const [abortError, setAbortError] = useState<string | null>(null);
  const [storeMessage, setStoreMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const qc = useQueryClient();
  // Controls act on a region's routing for every service, or for one service where its routing should differ.
  const [serviceId, setServiceId] = useState('');
  const serviceName = board.services.find((s) => s.id === serviceId)?.name;
  const scoped = <C extends ControlChange>(c: C): C => (serviceId ? { ...c, serviceId } : c);
  const scopeLabel = (code: string) => (serviceName ? `${serviceName} in ${code}` : code);
  const regions = live.regions
    .filter((r) => r.status !== 'retired')
    .sort((a, b) => (a.id === focus ? -1 : b.id === focus ? 1 : a.provider.localeCompare(b.provider) || a.code.localeCompare(b.code)));
  const codeOf = (id: string) => live.regions.find((r) => r.id === id)?.code ?? id;
  const lag = new Map(live.replication.map((r) => [`${r.dataStore}|${r.replicaRegionId}`, r]));
  const open = (change: ControlChange, title: string, version: number) => setPanel({ change, title, version });
  const running = board.operations.filter((o) => o.status === 'running');

  return (
    <div className="space-y-6">
      {panel && (
        <ControlPanel
          key={JSON.stringify(panel.change)}
          change={panel.change}
          title={panel.title}
          expectedVersion={panel.version}
          isAdmin={isAdmin}
          codeOf={codeOf}
          onDone={() => setPanel(null)}
        />
      )}
      <Card title={`Operations${running.length ? ` · ${running.length} running` : ''}`}>
        {board.operations.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">No operations yet.</p>
        ) : (
          <ul className="space-y-2 text-sm" aria-label="Operations">
            {board.operations.slice(0, 8).map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-3" data-testid={`op-${o.id}`} data-status={o.status}>
                <StatusBadge
                  status={
                    o.status === 'completed' ? 'healthy' : o.status === 'running' ? 'progressing' : o.status === 'rolled_back' ? 'rolled_back' : 'degraded'
                  }
                />
                <span className="font-medium">{o.kind.replace('_', ' ')}</span>
                <span className="font-mono">{o.scope}</span>
                <span className="text-[var(--muted)]">
                  step {o.step}/{o.totalSteps}
                  {o.status === 'running' && o.steps[o.step] ? ` · next: ${o.steps[o.step]}` : ''} · by {o.actor}
                  {o.error ? ` · ${o.error}` : ''}
                </span>
                <progress max={o.totalSteps} value={o.step} className="h-2 w-24" aria-label={`progress of ${o.kind}`} />
                {o.status === 'running' && mayOperate && (
                  <Button
                    variant="secondary"
                    disabled={pending}
                    onClick={() =>
                      start(async () => {
                        const r = await abortOperation({ id: o.id, reason: 'Aborted from the failover page' });
                        setAbortError(r.ok ? null : r.message);
                      })
                    }
                  >
                    Abort
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {abortError && <Notice kind="error">{abortError}</Notice>}
      </Card>

      <Card title="Regions: routing controls">
        <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="control-scope" className="font-medium">
            Controls act on
          </label>
          <select
            id="control-scope"
            value={serviceId}
            onChange={(e) => setServiceId(e.target.value)}
            className="rounded border border-[var(--border)] bg-[var(--panel)] px-2 py-1"
          >
            <option value="">every service (the region&apos;s routing)</option>
            {board.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} only
              </option>
            ))}
          </select>
          {serviceName && (
            <span className="text-[var(--muted)]">
              Weight, dial and drain below are {serviceName}&apos;s; a region marked “own routing” differs from its region-wide routing. Load is the
              region&apos;s.
            </span>
          )}
        </div>
        <div className="overflow-x-auto">
          <table className={tableClass} aria-label="Routing controls">
            <thead>
              <tr>
                <th>Region</th>
                <th>Health</th>
                <th className="text-right">Weight</th>
                <th className="text-right">Dial</th>
                <th className="text-right">Load</th>
                <th className="text-right">Headroom</th>
                <th>Data</th>
                {mayOperate && <th>Controls</th>}
              </tr>
            </thead>
            <tbody>
              {regions.map((r0) => {
                const version = board.versions[r0.id] ?? 1;
                const headroom = HEADROOM - r0.utilisation;
                const own = serviceId ? board.serviceRouting[`${r0.id}:${serviceId}`] : undefined;
                // In a service's view, its own row where it has one; otherwise the region's routing applies to it.
                const r = own ? { ...r0, ...own } : r0;
                return (
                  <tr key={`${r.id}:${serviceId}`} data-testid={`row-${r.id}`} className={r.id === focus ? 'bg-[var(--bg)]' : undefined}>
                    <td>
                      <Link href={`/regions/${r.id}`} className="font-mono hover:underline">
                        {r.provider}/{r.code}
                      </Link>{' '}
                      <span className="text-xs text-[var(--muted)]">{r.jurisdiction}</span>
                      {own && (
                        <span className="ml-1 rounded bg-[var(--bg)] px-1 text-xs" data-testid={`own-${r.id}`}>
                          own routing
                        </span>
                      )}
                    </td>
                    <td>{r.drained ? <StatusBadge status="drained" /> : <StatusBadge status={r.status === 'maintenance' ? 'maintenance' : r.health} />}</td>
                    <td className="tabular text-right" data-testid={`weight-${r.id}`}>
                      {r.weight}
                    </td>
                    <td className="tabular text-right" data-testid={`dial-${r.id}`}>
                      {r.dialPct} %
                    </td>
                    <td className="tabular text-right">
                      {formatRps(r.rps)} <span className="text-[var(--muted)]">({formatPct(r.utilisation, 0)})</span>
                    </td>
                    <td className={`tabular text-right ${headroom < 0 ? 'text-red-700 dark:text-red-400' : ''}`}>{formatPct(headroom, 0)}</td>
                    <td className="text-xs">{r.primaryOf.length ? `primary: ${r.primaryOf.join(', ')}` : ''}</td>
                    {mayOperate && (
                      <td>
                        <div className="flex flex-wrap gap-1">
                          {r.drained ? (
                            <Button
                              variant="secondary"
                              onClick={() => open(scoped({ kind: 'restore', regionId: r.id }), `Restore ${scopeLabel(r.code)}`, version)}
                            >
                              Restore
                            </Button>
                          ) : (
                            <>
                              <Button
                                variant="secondary"
                                onClick={() => open(scoped({ kind: 'drain', regionId: r.id }), `Drain ${scopeLabel(r.code)}`, version)}
                              >
                                Drain
                              </Button>
                              <Button
                                variant="secondary"
                                onClick={() =>
                                  open(
                                    scoped({ kind: 'evacuate', regionId: r.id, steps: 4, waitS: 30 }),
                                    `Evacuate ${scopeLabel(r.code)} in 4 steps, 30 s apart`,
                                    version,
                                  )
                                }
                              >
                                Evacuate
                              </Button>
                            </>
                          )}
                          <NumberControl
                            label="Dial %"
                            max={100}
                            initial={r.dialPct}
                            onGo={(v) =>
                              open(scoped({ kind: 'set_dial', regionId: r.id, dialPct: v }), `Traffic dial of ${scopeLabel(r.code)} to ${v} %`, version)
                            }
                          />
                          <NumberControl
                            label="Weight"
                            max={255}
                            initial={r.weight}
                            onGo={(v) => open(scoped({ kind: 'set_weight', regionId: r.id, weight: v }), `Weight of ${scopeLabel(r.code)} to ${v}`, version)}
                          />
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Data stores: primaries and replicas">
        {storeMessage && (
          <div className="mb-3">
            <Notice kind={storeMessage.kind}>{storeMessage.text}</Notice>
          </div>
        )}
        <table className={tableClass} aria-label="Data stores">
          <thead>
            <tr>
              <th>Store</th>
              <th>Primary</th>
              <th>Replicas (lag)</th>
            </tr>
          </thead>
          <tbody>
            {board.dataStores.map((d) => (
              <tr key={d.id}>
                <td>
                  <strong>{d.name}</strong>{' '}
                  <span className="text-xs text-[var(--muted)]">
                    {d.engine}
                    {d.pinnedJurisdiction ? ` · writes pinned to ${d.pinnedJurisdiction}` : ''} · lag limit{' '}
                    <span data-testid={`lag-limit-${d.name}`}>{formatMs(d.maxLagMs)}</span>
                  </span>
                  {mayOperate && (
                    <div className="mt-1 flex items-center gap-2 text-xs">
                      <span className="text-[var(--muted)]">Lag limit (ms)</span>
                      <NumberControl
                        key={d.version}
                        label={`Lag limit of ${d.name} (ms)`}
                        max={3_600_000}
                        initial={d.maxLagMs}
                        onGo={(v) =>
                          start(async () => {
                            const r = await setDataStoreLagLimit({
                              dataStoreId: d.id,
                              maxLagMs: v,
                              expectedVersion: d.version,
                              reason: 'Set on the failover page',
                            });
                            setStoreMessage(
                              r.ok
                                ? { kind: 'success', text: `${d.name}: lag limit ${formatMs(v)}.` }
                                : { kind: 'error', text: `${d.name}: ${r.fieldErrors ? Object.values(r.fieldErrors).flat().join(' ') : r.message}` },
                            );
                            await qc.invalidateQueries({ queryKey: ['failover', 'board'] });
                          })
                        }
                      />
                    </div>
                  )}
                </td>
                <td className="font-mono" data-testid={`primary-${d.name}`}>
                  {d.primaryRegionId}
                </td>
                <td>
                  <ul className="space-y-1">
                    {d.replicaRegionIds.map((rid) => {
                      const l = lag.get(`${d.name}|${rid}`);
                      return (
                        <li key={rid} className="flex flex-wrap items-center gap-2">
                          <span className="font-mono">{rid}</span>
                          <span className={`tabular text-xs ${l && l.lagMs > d.maxLagMs ? 'text-red-700 dark:text-red-400' : 'text-[var(--muted)]'}`}>
                            {l ? (l.stalled ? 'stalled' : formatMs(l.lagMs)) : '—'}
                          </span>
                          {mayOperate && (
                            <>
                              <Button
                                variant="secondary"
                                onClick={() =>
                                  open(
                                    { kind: 'switchover', dataStoreId: d.id, targetRegionId: rid },
                                    `Planned switchover of ${d.name} to ${codeOf(rid)}`,
                                    d.version,
                                  )
                                }
                              >
                                Switchover
                              </Button>
                              <Button
                                variant="secondary"
                                onClick={() =>
                                  open(
                                    { kind: 'failover', dataStoreId: d.id, targetRegionId: rid },
                                    `Emergency failover of ${d.name} to ${codeOf(rid)}`,
                                    d.version,
                                  )
                                }
                              >
                                Emergency failover
                              </Button>
                            </>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

function NumberControl({ label, max, initial, onGo }: { label: string; max: number; initial: number; onGo: (v: number) => void }) {
  const [v, setV] = useState(String(initial));
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        onGo(Number(v));
      }}
    >
      <span className="w-20">
        <Input name={label} aria-label={label} value={v} onChange={(e) => setV(e.target.value)} inputMode="numeric" min={0} max={max} />
      </span>
      <Button type="submit" variant="secondary">
        Set
      </Button>
    </form>
  );
}
