// After a restart a release's bake samples are rebuilt from the stored minute rollups of the bake window.
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const { samplesFromRollups } = await import('../lib/releases/runner');
const { db } = await import('../lib/db');

describe('bake samples from rollups', () => {
  it('gives one figure per stored minute, adding the regions up', async () => {
    const ids = ['aws-eu-west-1', 'aws-eu-central-1'];
    const last = await db.metricRollup.findFirstOrThrow({ where: { resolution: '1m', regionId: ids[0] }, orderBy: { at: 'desc' } });
    const to = last.at.getTime();
    const from = to - 10 * 60_000;
    const samples = await samplesFromRollups(ids, from, to);
    expect(samples).toHaveLength(11);
    const rows = await db.metricRollup.findMany({ where: { resolution: '1m', regionId: { in: ids }, at: new Date(to) } });
    expect(rows).toHaveLength(2);
    const rps = rows[0].rps + rows[1].rps;
    expect(samples.at(-1)?.rps).toBeCloseTo(rps, 6);
    expect(samples.at(-1)?.errorRate).toBeCloseTo((rows[0].errorRate * rows[0].rps + rows[1].errorRate * rows[1].rps) / rps, 12);
  });

  it('gives nothing for no regions or an empty window', async () => {
    expect(await samplesFromRollups([], 0, Date.now())).toEqual([]);
    expect(await samplesFromRollups(['aws-eu-west-1'], Date.now(), Date.now() - 1)).toEqual([]);
  });
});
