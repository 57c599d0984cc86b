import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/primitives';
import { getDeploymentMatrix } from '@/lib/queries/deployments';

export const metadata: Metadata = { title: 'Deployments' };
export const dynamic = 'force-dynamic';

const STATE_STYLE: Record<string, string> = {
  healthy: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200',
  progressing: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  degraded: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  pending: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  rolled_back: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};
const STATE_SYMBOL: Record<string, string> = { healthy: '●', progressing: '◐', degraded: '▲', pending: '○', rolled_back: '↺' };

export default async function DeploymentsPage() {
  const m = await getDeploymentMatrix();
  return (
    <>
      <PageHeader
        title="Deployments"
        subtitle="Services × regions: the version each region runs and its state. A dashed outline marks drift from the version most regions run."
      />
      <div className="mb-3 flex flex-wrap gap-4 text-xs text-[var(--muted)]">
        {Object.entries(STATE_SYMBOL).map(([s, sym]) => (
          <span key={s} className={`rounded px-1.5 py-0.5 ${STATE_STYLE[s]}`}>
            {sym} {s.replace('_', ' ')}
          </span>
        ))}
        <span className="rounded border border-dashed border-fuchsia-500 px-1.5 py-0.5">drift</span>
        <span>· empty cell: not deployed</span>
      </div>
      <div className="overflow-auto rounded-lg border border-[var(--border)] bg-[var(--panel)]">
        <table className="border-collapse text-xs" aria-label="Deployments matrix">
          <thead>
            <tr>
              <th className="sticky left-0 z-10 bg-[var(--panel)] px-2 py-2 text-left font-medium">Service (majority version)</th>
              {m.regions.map((r) => (
                <th key={r.id} className="w-8 px-0.5 py-2 align-bottom font-normal text-[var(--muted)]">
                  <Link href={`/regions/${r.id}`} className="inline-block rotate-180 whitespace-nowrap font-mono [writing-mode:vertical-rl] hover:underline">
                    {r.provider}/{r.code}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.services.map((s) => (
              <tr key={s.id} className="border-t border-[var(--border)]">
                <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-[var(--panel)] px-2 py-1 text-left font-medium">
                  <Link href={`/services/${s.id}`} className="hover:underline">
                    {s.name}
                  </Link>{' '}
                  <span className="font-mono font-normal text-[var(--muted)]">{s.majorityVersion}</span>
                </th>
                {m.regions.map((r) => {
                  const c = m.cells[`${s.id}|${r.id}`];
                  return (
                    <td key={r.id} className="p-0.5 text-center">
                      {c && (
                        <span
                          title={`${s.name} in ${r.provider}/${r.code}: ${c.version}, ${c.state}, ${c.ready}/${c.desired} ready${c.drift ? ' (drift)' : ''}`}
                          data-state={c.state}
                          data-drift={c.drift || undefined}
                          className={`block rounded px-0.5 py-1 ${STATE_STYLE[c.state] ?? ''} ${c.drift ? 'outline-1 outline-dashed outline-fuchsia-500' : ''}`}
                        >
                          {STATE_SYMBOL[c.state]}
                          {c.drift && <span className="block font-mono text-[9px] leading-tight">{c.version}</span>}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
