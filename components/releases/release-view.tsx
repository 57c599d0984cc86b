'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { pauseReleaseWave, promoteReleaseWave, resumeReleaseWave, rollBackRelease } from '@/lib/actions/releases';
import { formatDateTime } from '@/lib/format';
import type { ReleaseDetail } from '@/lib/queries/releases';
import { VERSION_COLOURS } from '@/lib/releases/colours';
import { Button, Card, Notice, StatusBadge, tableClass } from '../ui/primitives';

const ACTION_LABEL: Record<string, string> = {
  'release.start': 'Started',
  'release.wave.start': 'Wave started',
  'release.gate.pass': 'Gate passed',
  'release.gate.fail': 'Gate failed',
  'release.pause': 'Paused',
  'release.resume': 'Resumed',
  'release.promote': 'Promoted',
  'release.rollback': 'Rollback started',
  'release.rollback.wave': 'Wave reverted',
  'release.rolled_back': 'Rolled back',
  'release.complete': 'Completed',
};

import { releaseKeys, useReleaseQuery } from './queries';

export function ReleaseView({ initial, mayOperate }: { initial: ReleaseDetail; mayOperate: boolean }) {
  const { data: r } = useReleaseQuery(initial);
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const code = (id: string) => r.regionCodes[id] ?? id;
  const run = (fn: typeof pauseReleaseWave, label: string) =>
    start(async () => {
      setError(null);
      const res = await fn({ id: r.id, reason: '' });
      if (!res.ok) setError(`${label}: ${res.message}`);
      await qc.invalidateQueries({ queryKey: releaseKeys.detail(r.id) });
    });
  const rollingBack = r.phase === 'rolling_back';
  const inFlight = r.status === 'running' || r.status === 'paused';
  const lastGate = r.gates.at(-1);
  const waveState = (i: number) => {
    if (r.status === 'rolled_back' || (rollingBack && i >= r.appliedWaves)) return i < r.gates.length || i <= r.wave ? 'rolled back' : 'not started';
    if (rollingBack) return 'rolling back';
    const gate = r.gates.filter((g) => g.wave === i).at(-1);
    if (i < r.wave || r.status === 'completed') return gate ? (gate.pass ? 'passed' : 'promoted by hand') : 'promoted by hand';
    if (i === r.wave) return r.status === 'paused' ? (gate && !gate.pass ? 'gate failed, paused' : 'paused') : 'baking';
    return 'not started';
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4" data-testid="release-status" data-status={r.status} data-phase={r.phase}>
        <StatusBadge status={r.status} />
        <span className="text-sm">
          {r.serviceName}: <span className="font-mono">{r.fromVersion}</span> → <span className="font-mono">{r.version}</span> · wave{' '}
          {Math.min(r.wave + 1, r.waves.length)} of {r.waves.length}
          {rollingBack ? ' · rolling back' : ''} · bake {r.bakeS} s · {r.autoRollback ? 'automatic rollback' : 'manual rollback'}
          {r.simulateBadVersion ? ` · simulated bad version (${Math.round(r.simulateBadVersion.errorRate * 100)} % errors)` : ''}
        </span>
      </div>
      {lastGate && !lastGate.pass && (
        <Notice kind="error">
          <span data-testid="gate-reason">
            Wave {lastGate.wave + 1} failed its gate: {lastGate.reason}
          </span>
        </Notice>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {mayOperate && inFlight && (
        <div className="flex flex-wrap gap-2">
          {r.status === 'running' && !rollingBack && (
            <Button variant="secondary" disabled={pending} onClick={() => run(pauseReleaseWave, 'Pause')}>
              Pause
            </Button>
          )}
          {r.status === 'paused' && (
            <Button variant="secondary" disabled={pending} onClick={() => run(resumeReleaseWave, 'Resume')}>
              Resume
            </Button>
          )}
          {!rollingBack && (
            <Button variant="secondary" disabled={pending} onClick={() => run(promoteReleaseWave, 'Promote')}>
              Promote wave {r.wave + 1} (skip bake)
            </Button>
          )}
          {!rollingBack && (
            <Button variant="danger" disabled={pending} onClick={() => run(rollBackRelease, 'Roll back')}>
              Roll back
            </Button>
          )}
        </div>
      )}
      <Card title="Waves">
        <table className={tableClass} aria-label="Waves">
          <thead>
            <tr>
              <th>#</th>
              <th>Wave</th>
              <th>Regions (version colour)</th>
              <th>State</th>
              <th>Gate</th>
            </tr>
          </thead>
          <tbody>
            {r.waves.map((w, i) => {
              const onNew = i < r.appliedWaves && r.status !== 'rolled_back';
              const gate = r.gates.filter((g) => g.wave === i).at(-1);
              return (
                <tr key={w.index}>
                  <td className="tabular">{i + 1}</td>
                  <td>{w.label}</td>
                  <td>
                    <span className="flex flex-wrap gap-1">
                      {w.regionIds.map((id) => (
                        <span
                          key={id}
                          className="rounded px-1.5 py-0.5 font-mono text-xs text-white"
                          style={{ background: onNew ? VERSION_COLOURS.new : VERSION_COLOURS.old }}
                          title={onNew ? r.version : r.fromVersion}
                        >
                          {code(id)}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>{waveState(i)}</td>
                  <td className="text-xs">
                    {gate
                      ? gate.pass
                        ? '✓ passed'
                        : `✕ ${gate.checks
                            .filter((c) => !c.pass)
                            .map((c) => c.name)
                            .join(', ')}`
                      : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="mt-2 flex gap-4 text-xs text-[var(--muted)]">
          <span>
            <span className="mr-1 inline-block h-2 w-2 rounded-sm" style={{ background: VERSION_COLOURS.new }} /> {r.version}
          </span>
          <span>
            <span className="mr-1 inline-block h-2 w-2 rounded-sm" style={{ background: VERSION_COLOURS.old }} /> {r.fromVersion}
          </span>
          {r.skipped.length > 0 && <span>Skipped: {r.skipped.map((s) => `${code(s.regionId)} (${s.reason})`).join(', ')}</span>}
        </p>
      </Card>
      <Card title="Timeline">
        <ol className="space-y-2 text-sm" aria-label="Release timeline">
          {r.timeline.map((e) => (
            <li key={e.id} className="flex gap-3">
              <span className="tabular shrink-0 text-xs text-[var(--muted)]">{formatDateTime(e.at).slice(11)}</span>
              <span className={`w-32 shrink-0 font-medium ${e.outcome === 'failed' ? 'text-red-700 dark:text-red-400' : ''}`}>
                {ACTION_LABEL[e.action] ?? e.action}
              </span>
              <span className="text-[var(--muted)]">
                {e.reason} <span className="text-xs">· {e.actor}</span>
              </span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
