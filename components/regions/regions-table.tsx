import Link from 'next/link';
import { JURISDICTIONS, PROVIDERS, REGION_STATUSES } from '@/lib/fleet/types';
import { formatInt } from '@/lib/format';
import type { RegionFilter, RegionRow } from '@/lib/queries/regions';
import { Select } from '../ui/field';
import { Button, StatusBadge, tableClass } from '../ui/primitives';

const COLUMNS: { key: RegionFilter['sort']; label: string; numeric?: boolean }[] = [
  { key: 'provider', label: 'Provider' },
  { key: 'code', label: 'Code' },
  { key: 'name', label: 'Name' },
  { key: 'jurisdiction', label: 'Jurisdiction' },
  { key: 'status', label: 'Status' },
  { key: 'capacityRps', label: 'Capacity', numeric: true },
  { key: 'deployments', label: 'Deployments', numeric: true },
];

function sortHref(filter: RegionFilter, key: RegionFilter['sort']) {
  const p = new URLSearchParams();
  for (const k of ['q', 'provider', 'jurisdiction', 'status'] as const) if (filter[k]) p.set(k, filter[k] as string);
  p.set('sort', key);
  p.set('dir', filter.sort === key && filter.dir === 'asc' ? 'desc' : 'asc');
  return `/regions?${p}`;
}

/** A plain GET form: filters work without JavaScript and end up in the URL. */
export function RegionsTable({ rows, filter }: { rows: RegionRow[]; filter: RegionFilter }) {
  return (
    <div className="rounded-lg border border-[var(--border)] bg-[var(--panel)] p-4">
      <search aria-label="Filter regions">
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Search</span>
            <input
              name="q"
              defaultValue={filter.q}
              placeholder="name, code, city…"
              className="w-56 rounded-md border border-[var(--border)] bg-[var(--panel)] px-2 py-1.5 text-sm"
            />
          </label>
          {(
            [
              ['provider', 'Provider', PROVIDERS],
              ['jurisdiction', 'Jurisdiction', JURISDICTIONS],
              ['status', 'Status', REGION_STATUSES],
            ] as const
          ).map(([name, label, options]) => (
            <label key={name} className="text-sm">
              <span className="mb-1 block font-medium">{label}</span>
              <Select name={name} defaultValue={filter[name] ?? ''}>
                <option value="">All</option>
                {options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </Select>
            </label>
          ))}
          <input type="hidden" name="sort" value={filter.sort} />
          <input type="hidden" name="dir" value={filter.dir} />
          <Button type="submit">Apply</Button>
          <Link href="/regions" className="py-1.5 text-sm text-[var(--muted)] hover:underline">
            Clear
          </Link>
          <span className="ml-auto text-sm text-[var(--muted)]" data-testid="region-count">
            {rows.length} region{rows.length === 1 ? '' : 's'}
          </span>
        </form>
      </search>
      <div className="overflow-x-auto">
        <table className={tableClass} aria-label="Regions">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? 'text-right' : undefined}
                  aria-sort={filter.sort === c.key ? (filter.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <Link href={sortHref(filter, c.key)} className="hover:underline">
                    {c.label}
                    {filter.sort === c.key ? (filter.dir === 'asc' ? ' ↑' : ' ↓') : ''}
                  </Link>
                </th>
              ))}
              <th>City</th>
              <th>Routing</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="hover:bg-[var(--bg)]">
                <td className="uppercase">{r.provider}</td>
                <td className="font-mono">
                  <Link href={`/regions/${r.id}`} className="text-[var(--accent)] hover:underline">
                    {r.code}
                  </Link>
                </td>
                <td>{r.name}</td>
                <td>{r.jurisdiction}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="tabular text-right">{formatInt(r.capacityRps)} rps</td>
                <td className="tabular text-right">{r.deployments}</td>
                <td>
                  {r.city}, {r.country}
                </td>
                <td>{r.status === 'retired' ? '—' : r.drained ? <StatusBadge status="drained" /> : `w ${r.weight} · dial ${r.dialPct} %`}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={9} className="py-6 text-center text-[var(--muted)]">
                  No region matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
