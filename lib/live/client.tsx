'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
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
 * One EventSource per tab. Snapshots replace the ['live','fleet'] cache entry; other events invalidate what they
 * touch. EventSource reconnects by itself and sends Last-Event-ID; the server resyncs with a fresh snapshot.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource('/api/v1/stream');
    es.addEventListener('snapshot', (e) => qc.setQueryData(liveKeys.fleet(), JSON.parse((e as MessageEvent).data) as LiveSnapshot));
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
