'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { applyDelta, type LiveDelta } from './delta';
import type { LiveSnapshot } from './types';

export const liveKeys = {
  all: ['live'] as const,
  fleet: () => [...liveKeys.all, 'fleet'] as const,
};

async function fetchFleet(): Promise<LiveSnapshot> {
  const r = await fetch('/api/v1/fleet', { cache: 'no-store' });
  if (!r.ok) throw new Error(`fleet snapshot: ${r.status}`);
  return r.json();
}

/**
 * One EventSource per tab. A snapshot replaces the ['live','fleet'] cache entry; a delta is applied to it when it
 * was made for the snapshot we hold, and otherwise we resync from /api/v1/fleet (whose snapshot the next delta
 * continues from). Other events invalidate what they touch. EventSource reconnects by itself with Last-Event-ID,
 * and the server starts the new connection with a fresh snapshot.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource('/api/v1/stream');
    es.addEventListener('snapshot', (e) => qc.setQueryData(liveKeys.fleet(), JSON.parse((e as MessageEvent).data) as LiveSnapshot));
    es.addEventListener('delta', (e) => {
      const d = JSON.parse((e as MessageEvent).data) as LiveDelta;
      const held = qc.getQueryData<LiveSnapshot>(liveKeys.fleet());
      if (held?.seq === d.base) qc.setQueryData(liveKeys.fleet(), applyDelta(held, d));
      else if (!qc.isFetching({ queryKey: liveKeys.fleet() })) void qc.invalidateQueries({ queryKey: liveKeys.fleet() });
    });
    const invalidateOthers = () => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'live' });
    es.addEventListener('inventory', invalidateOthers);
    es.addEventListener('operation', invalidateOthers);
    return () => es.close();
  }, [qc]);
  return <>{children}</>;
}

export function useLiveFleet(initial?: LiveSnapshot) {
  return useQuery({ queryKey: liveKeys.fleet(), queryFn: fetchFleet, initialData: initial, staleTime: Number.POSITIVE_INFINITY });
}
