'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RegionBurn } from '@/app/api/v1/regions/[id]/burn/route';
import type { HistoryAt, HistoryMark } from '@/lib/queries/history';
import type { RegionPanel } from '@/lib/queries/region-panel';
import type { ActiveRelease } from './rollout';

// Client reads for the map page. Keys sit under 'map' so live inventory/operation events invalidate them (lib/live).
export const mapKeys = {
  all: ['map'] as const,
  region: (id: string) => [...mapKeys.all, 'region', id] as const,
  historyAt: (minuteIso: string) => [...mapKeys.all, 'history', minuteIso] as const,
  marks: () => [...mapKeys.all, 'marks'] as const,
  releases: () => [...mapKeys.all, 'releases'] as const,
  burn: (id: string) => [...mapKeys.all, 'burn', id] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${url}: ${r.status}`);
  }
  return r.json() as Promise<T>;
}

export function useRegionPanel(id: string | null) {
  return useQuery({
    queryKey: mapKeys.region(id ?? ''),
    queryFn: () => getJson<RegionPanel>(`/api/v1/regions/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
    staleTime: 30_000,
  });
}

/** Figures at a past minute; the previous minute's answer stays on screen while the next loads (no flashing). */
export function useHistoryAt(minuteIso: string | null) {
  return useQuery({
    queryKey: mapKeys.historyAt(minuteIso ?? ''),
    queryFn: () => getJson<HistoryAt>(`/api/v1/history?at=${encodeURIComponent(minuteIso ?? '')}`),
    enabled: !!minuteIso,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}

export function useHistoryMarks() {
  return useQuery({
    queryKey: mapKeys.marks(),
    queryFn: () => getJson<{ since: string; until: string; marks: HistoryMark[] }>('/api/v1/history/events'),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}

/**
 * Releases in flight, for the rollout overlay. Live: every release step publishes an 'operation' event, which
 * invalidates the ['map', …] keys (lib/live/client); the interval is a fallback while one runs.
 */
export function useActiveReleases() {
  return useQuery({
    queryKey: mapKeys.releases(),
    queryFn: () => getJson<ActiveRelease[]>('/api/v1/releases/active'),
    staleTime: 5_000,
    refetchInterval: (q) => ((q.state.data?.length ?? 0) > 0 ? 5_000 : 30_000),
  });
}

/** SLO burn of one region (1 h and 6 h windows and the alerts that fire), for the region panel. */
export function useRegionBurn(id: string | null) {
  return useQuery({
    queryKey: mapKeys.burn(id ?? ''),
    queryFn: () => getJson<RegionBurn>(`/api/v1/regions/${encodeURIComponent(id ?? '')}/burn`),
    enabled: !!id,
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}
