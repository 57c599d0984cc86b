// Integration test against a real HAProxy: 3 local backends, a generated config, `haproxy -db` as a child process,
// a bounded keep-alive load (32 concurrent, fixed count, time limit) while the adapter drains one region and then
// shifts weights. Fails with a clear message when the haproxy binary is missing, unless SKIP_HAPROXY=1.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DesiredRouting } from './adapter';
import {
  findHaproxyBinary,
  HAPROXY_MISSING_MESSAGE,
  type HaproxyStack,
  runScenario,
  type ScenarioReport,
  startHaproxyStack,
  uniformRouting,
} from './haproxy-harness';

const SKIP = process.env.SKIP_HAPROXY === '1';
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'] as const;
const TOTAL = 9_000;

const drainA: DesiredRouting = {
  version: 2,
  regions: [
    { regionCode: 'eu-west-1', weight: 100, dialPct: 100, drained: true },
    { regionCode: 'us-east-1', weight: 100, dialPct: 100, drained: false },
    { regionCode: 'ap-south-1', weight: 100, dialPct: 100, drained: false },
  ],
};
// B: weight 100 at dial 50 % → effective 50; C: 150 → shares 25 % / 75 %.
const shift: DesiredRouting = {
  version: 3,
  regions: [
    { regionCode: 'eu-west-1', weight: 100, dialPct: 100, drained: true },
    { regionCode: 'us-east-1', weight: 100, dialPct: 50, drained: false },
    { regionCode: 'ap-south-1', weight: 150, dialPct: 100, drained: false },
  ],
};

describe.skipIf(SKIP)('HAProxy data plane (integration, real haproxy)', () => {
  let stack: HaproxyStack | null = null;
  let report: ScenarioReport | null = null;

  beforeAll(async () => {
    const bin = findHaproxyBinary();
    if (bin === null) throw new Error(HAPROXY_MISSING_MESSAGE);
    stack = await startHaproxyStack({
      bin,
      regions: REGIONS.map((code) => ({ code, weight: 100 })),
      backendDelayMs: 2, // keeps requests in flight on the region being drained
    });
    report = await runScenario(
      stack,
      { ...uniformRouting(REGIONS, 100), version: 1 },
      [
        { label: 'drain eu-west-1', atCompleted: TOTAL / 3, desired: drainA },
        { label: 'shift 50/150', atCompleted: (2 * TOTAL) / 3, desired: shift },
      ],
      { total: TOTAL, concurrency: 32, timeLimitMs: 45_000 },
    );
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  }, 15_000);

  it('sends every request without a failure while draining and shifting', () => {
    if (report === null) throw new Error('scenario did not run');
    expect(report.failures).toEqual([]);
    expect(report.load.sent).toBe(TOTAL);
    expect(report.load.failed).toBe(0);
    expect(report.load.timedOut).toBe(false);
  });

  it('traffic shares follow the weights within 5 percentage points in every phase', () => {
    if (report === null) throw new Error('scenario did not run');
    expect(report.phases.map((p) => p.label)).toEqual(['initial', 'drain eu-west-1', 'shift 50/150']);
    for (const phase of report.phases) {
      expect(phase.requests, `${phase.label}: requests measured`).toBeGreaterThan(500);
      expect(phase.maxErrorPct, `${phase.label}: ${JSON.stringify(phase.sharesPct)} vs ${JSON.stringify(phase.expectedPct)}`).toBeLessThanOrEqual(5);
    }
    const last = report.phases[2];
    expect(last?.expectedPct).toEqual({ 'eu-west-1': 0, 'us-east-1': 25, 'ap-south-1': 75 });
  });

  it('the drained server gets no new requests once the change is acknowledged', () => {
    if (report === null) throw new Error('scenario did not run');
    expect(report.drains).toHaveLength(1);
    for (const d of report.drains) {
      expect(d.newRequestsAfterAck).toBe(0);
      // requests were in flight on the drained region at the moment of the drain, and none failed
      expect(d.inFlightAtCommand).toBeGreaterThan(0);
    }
    for (const p of report.phases.slice(1)) expect(p.counts['eu-west-1']).toBe(0);
    expect(report.applyMs.every((ms) => ms < 1000)).toBe(true);
  });

  it('reads back what was applied, and a repeated apply sends nothing', async () => {
    if (stack === null) throw new Error('stack did not start');
    const observed = await stack.adapter.read();
    expect(observed.regions.map((r) => [r.regionCode, r.effectiveWeight, r.state, r.health])).toEqual([
      ['eu-west-1', 100, 'drain', 'up'],
      ['us-east-1', 50, 'ready', 'up'],
      ['ap-south-1', 150, 'ready', 'up'],
    ]);
    expect(observed.regions.every((r) => typeof r.selectedTotal === 'number' && r.selectedTotal > 0)).toBe(true);
    const again = await stack.adapter.apply(shift);
    expect(again.ok).toBe(true);
    expect(again.commands).toEqual([]);
  });

  it('takes a region down (maint) and brings it back', async () => {
    if (stack === null) throw new Error('stack did not start');
    const down = await stack.adapter.apply({
      regions: [{ regionCode: 'us-east-1', weight: 100, dialPct: 50, drained: false, down: true }],
    });
    expect(down.commands).toEqual(['set server app/us-east-1 state maint']);
    expect((await stack.adapter.read()).regions.find((r) => r.regionCode === 'us-east-1')?.state).toBe('down');
    const back = await stack.adapter.apply(shift);
    expect(back.commands).toEqual(['set server app/us-east-1 state ready']);
    expect(back.ok).toBe(true);
  });
});
