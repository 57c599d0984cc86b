import type { Metadata } from 'next';
import { MapBench } from '@/components/map/map-bench';

export const metadata: Metadata = { title: 'Map benchmark' };

/** The map component with synthetic data for bench/map.ts: /map/bench?regions=1000&arcs=10000. Not linked from the UI. */
export default async function MapBenchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const p = await searchParams;
  const n = (v: unknown, d: number, max: number) => Math.min(max, Math.max(0, Number.parseInt(String(v ?? d), 10) || d));
  return <MapBench sites={n(p.regions, 1000, 20_000)} arcs={n(p.arcs, 10_000, 100_000)} />;
}
