import { describe, expect, it } from 'vitest';

import { type DesiredRouting, DesiredRoutingError } from './adapter';
import { MemoryAdapter } from './memory';

const three = (a: number, b: number, c: number): DesiredRouting => ({
  regions: [
    { regionCode: 'a', weight: a, dialPct: 100, drained: false },
    { regionCode: 'b', weight: b, dialPct: 100, drained: false },
    { regionCode: 'c', weight: c, dialPct: 100, drained: false },
  ],
});

function route(adapter: MemoryAdapter, n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i += 1) {
    const code = adapter.pick() ?? 'none';
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe('MemoryAdapter', () => {
  it('applies, reads back and is idempotent', async () => {
    const adapter = new MemoryAdapter();
    const first = await adapter.apply(three(100, 100, 100));
    expect(first.ok).toBe(true);
    expect(first.changes.length).toBe(6);
    const again = await adapter.apply(three(100, 100, 100));
    expect(again.changes).toEqual([]);
    const observed = await adapter.read();
    expect(observed.regions.map((r) => [r.regionCode, r.effectiveWeight, r.state])).toEqual([
      ['a', 100, 'ready'],
      ['b', 100, 'ready'],
      ['c', 100, 'ready'],
    ]);
  });

  it('routes by smooth weighted round-robin, skipping drained regions', async () => {
    const adapter = new MemoryAdapter();
    await adapter.apply(three(100, 100, 100));
    expect(route(adapter, 300)).toEqual({ a: 100, b: 100, c: 100 });
    await adapter.apply({
      regions: [
        { regionCode: 'a', weight: 100, dialPct: 100, drained: true },
        { regionCode: 'b', weight: 100, dialPct: 50, drained: false },
        { regionCode: 'c', weight: 150, dialPct: 100, drained: false },
      ],
    });
    expect(route(adapter, 400)).toEqual({ b: 100, c: 300 });
    adapter.setHealth('c', 'down');
    expect(route(adapter, 10)).toEqual({ b: 10 });
  });

  it('adds capacity before removing it', async () => {
    const adapter = new MemoryAdapter();
    await adapter.apply(three(100, 100, 0));
    const result = await adapter.apply({
      regions: [
        { regionCode: 'a', weight: 100, dialPct: 100, drained: true },
        { regionCode: 'b', weight: 50, dialPct: 100, drained: false },
        { regionCode: 'c', weight: 150, dialPct: 100, drained: false },
      ],
    });
    expect(result.commands).toEqual(['c weight 150', 'a state drain', 'b weight 50']);
  });

  it('reports unknown regions in strict mode and rejects invalid input', async () => {
    const adapter = new MemoryAdapter({ regions: [{ regionCode: 'a', weight: 1 }] });
    const result = await adapter.apply(three(1, 1, 1));
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.regionCode)).toEqual(['b', 'c']);
    await expect(adapter.apply(three(300, 1, 1))).rejects.toBeInstanceOf(DesiredRoutingError);
    expect(adapter.pick()).toBe('a');
  });
});
