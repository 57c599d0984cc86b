'use client';
import { useState, useTransition } from 'react';
import { controlSimulation } from '@/lib/actions/sim';
import { useLiveFleet } from '@/lib/live/client';
import type { LiveSnapshot } from '@/lib/live/types';
import { Input, Select } from '../ui/field';
import { Button, Card, Notice } from '../ui/primitives';

const KINDS = [
  ['region_outage', 'Region outage'],
  ['degradation', 'Degradation (errors)'],
  ['latency_spike', 'Latency spike'],
] as const;

/** Operators' simulation controls. Clearly labelled: nothing here touches a real fleet. */
export function SimPanel({ initial }: { initial: LiveSnapshot }) {
  const { data } = useLiveFleet(initial);
  const s = data ?? initial;
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const run = (cmd: Record<string, unknown>, done: string) =>
    start(async () => {
      const r = await controlSimulation(cmd);
      setMessage(r.ok ? { kind: 'success', text: done } : { kind: 'error', text: r.message });
    });
  const regions = s.regions.filter((r) => r.status !== 'retired');
  return (
    <Card title="Simulation (the embedded fleet model, not a real fleet)">
      <div className="flex flex-wrap items-end gap-3">
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => run({ action: s.sim.running ? 'pause' : 'resume' }, s.sim.running ? 'Paused.' : 'Resumed.')}
        >
          {s.sim.running ? 'Pause' : 'Resume'}
        </Button>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Speed</span>
          <Select
            name="speed"
            value={String(s.sim.speed)}
            onChange={(e) => run({ action: 'speed', speed: Number(e.target.value) }, `Speed ×${e.target.value}.`)}
          >
            {[1, 2, 5, 10, 30, 60].map((x) => (
              <option key={x} value={x}>
                ×{x}
              </option>
            ))}
          </Select>
        </label>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            const kind = String(fd.get('kind'));
            const regionId = String(fd.get('regionId'));
            const failure =
              kind === 'degradation'
                ? { kind, regionId, errorRate: 0.3 }
                : kind === 'latency_spike'
                  ? { kind, regionId, extraLatencyMs: 400 }
                  : { kind, regionId };
            const startInS = String(fd.get('startInS') ?? '').trim() || '0';
            const durationS = String(fd.get('durationS') ?? '').trim();
            run(
              { action: 'inject', failure, startInS, ...(durationS ? { durationS } : {}) },
              `${startInS === '0' ? 'Injected' : `Scheduled in ${startInS} s:`} ${kind.replace('_', ' ')} in ${regionId}${durationS ? `, for ${durationS} s` : ''}.`,
            );
          }}
        >
          <label className="text-sm">
            <span className="mb-1 block font-medium">Failure</span>
            <Select name="kind" aria-label="Failure kind">
              {KINDS.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Region</span>
            <Select name="regionId" aria-label="Failure region">
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.provider}/{r.code}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Starts in (s)</span>
            <span className="block w-24">
              <Input name="startInS" aria-label="Starts in (seconds)" defaultValue="0" inputMode="numeric" />
            </span>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Lasts (s)</span>
            <span className="block w-24">
              <Input name="durationS" aria-label="Lasts (seconds)" placeholder="until cleared" inputMode="numeric" />
            </span>
          </label>
          <Button type="submit" variant="danger" disabled={pending}>
            Inject
          </Button>
        </form>
      </div>
      {s.failures.length > 0 && (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Active failures">
          {s.failures.map((f) => (
            <li key={f.id} className="flex items-center gap-2">
              <span>
                {f.detail}
                {f.endsInS !== undefined && <span className="text-[var(--muted)]"> · clears in {f.endsInS} s</span>}
              </span>
              <Button variant="secondary" disabled={pending} onClick={() => run({ action: 'clear', failureId: f.id }, 'Cleared.')}>
                Clear
              </Button>
            </li>
          ))}
        </ul>
      )}
      {(s.scheduled?.length ?? 0) > 0 && (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Scheduled failures">
          {s.scheduled?.map((f) => (
            <li key={f.id} className="flex items-center gap-2">
              <span>
                {f.detail} <span className="text-[var(--muted)]">· starts in {f.startsInS} s</span>
              </span>
              <Button variant="secondary" disabled={pending} onClick={() => run({ action: 'clear', failureId: f.id }, 'Cancelled.')}>
                Cancel
              </Button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <div className="mt-3">
          <Notice kind={message.kind}>{message.text}</Notice>
        </div>
      )}
    </Card>
  );
}
