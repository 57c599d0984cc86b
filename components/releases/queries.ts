'use client';
import { useQuery } from '@tanstack/react-query';
import type { ReleaseDetail } from '@/lib/queries/releases';

export const releaseKeys = {
  all: ['releases'] as const,
  detail: (id: string) => ['releases', id] as const,
};

const inFlight = (status?: string) => status === 'running' || status === 'paused';

/** One release, refetched every second while it runs or is paused (waves, gates and rollbacks move on their own). */
export function useReleaseQuery(initial: ReleaseDetail) {
  return useQuery({
    queryKey: releaseKeys.detail(initial.id),
    queryFn: async (): Promise<ReleaseDetail> => {
      const r = await fetch(`/api/v1/releases/${initial.id}`);
      if (!r.ok) throw new Error(`release ${initial.id}: HTTP ${r.status}`);
      return r.json();
    },
    initialData: initial,
    refetchInterval: (q) => (inFlight(q.state.data?.status) ? 1000 : false),
  });
}
