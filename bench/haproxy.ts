// HAProxy data-plane benchmark: ≥100,000 requests through a real HAProxy on loopback (3 local backends, keep-alive
// load generator, 32 concurrent) while the HAProxy adapter drains regions and shifts weights six times.
// Measures requests sent / failed, time for a change to take effect, and weight share error; merges the figures
// into bench/results/failover.json (other figures in that file are kept).
//
//   npx tsx bench/haproxy.ts            (BENCH_REQUESTS=… to change the count; HAPROXY_BIN=… for another binary)

import { execFileSync } from 'node:child_process';

import type { DesiredRegionRouting, DesiredRouting } from '../lib/dataplane/adapter';
import {
  findHaproxyBinary,
  HAPROXY_MISSING_MESSAGE,
  type HaproxyStack,
  runScenario,
  type ScenarioStep,
  startHaproxyStack,
} from '../lib/dataplane/haproxy-harness';
import { loadNote, machine, mergeResults } from './lib';

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'] as const;
type Region = (typeof REGIONS)[number];
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 100_000);
const CONCURRENCY = 32;
const TIME_LIMIT_MS = 300_000;

function routing(spec: Record<Region, { weight: number; dialPct?: number; drained?: boolean }>): DesiredRouting {
  const regions: DesiredRegionRouting[] = REGIONS.map((regionCode) => ({
    regionCode,
    weight: spec[regionCode].weight,
    dialPct: spec[regionCode].dialPct ?? 100,
    drained: spec[regionCode].drained ?? false,
  }));
  return { regions };
}

const initial = routing({ 'eu-west-1': { weight: 100 }, 'us-east-1': { weight: 100 }, 'ap-south-1': { weight: 100 } });
const changes: Array<{ label: string; desired: DesiredRouting }> = [
  {
    label: 'drain eu-west-1',
    desired: routing({ 'eu-west-1': { weight: 100, drained: true }, 'us-east-1': { weight: 100 }, 'ap-south-1': { weight: 100 } }),
  },
  {
    label: 'shift us-east-1 100@50% / ap-south-1 150 (25/75)',
    desired: routing({ 'eu-west-1': { weight: 100, drained: true }, 'us-east-1': { weight: 100, dialPct: 50 }, 'ap-south-1': { weight: 150 } }),
  },
  { label: 'restore 100/100/100', desired: initial },
  {
    label: 'drain ap-south-1',
    desired: routing({ 'eu-west-1': { weight: 100 }, 'us-east-1': { weight: 100 }, 'ap-south-1': { weight: 100, drained: true } }),
  },
  {
    label: 'shift eu-west-1 255@40% / us-east-1 34 (75/25)',
    desired: routing({ 'eu-west-1': { weight: 255, dialPct: 40 }, 'us-east-1': { weight: 34 }, 'ap-south-1': { weight: 100, drained: true } }),
  },
  { label: 'restore 100/100/100 (2)', desired: initial },
];

function haproxyVersion(bin: string): string {
  try {
    return execFileSync(bin, ['-v'], { encoding: 'utf8' }).split('\n')[0]?.trim() ?? 'haproxy';
  } catch {
    return 'haproxy';
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main(): Promise<number> {
  const bin = findHaproxyBinary();
  if (bin === null) {
    console.error(HAPROXY_MISSING_MESSAGE);
    return 1;
  }
  const version = haproxyVersion(bin);
  console.log(`${version}; ${machine()}`);
  console.log(`${TOTAL} requests, ${CONCURRENCY} concurrent keep-alive connections, ${changes.length} routing changes`);

  let stack: HaproxyStack | null = null;
  const onSignal = (): void => {
    void stack?.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    stack = await startHaproxyStack({ bin, regions: REGIONS.map((code) => ({ code, weight: 100 })), backendDelayMs: 1 });
    const steps: ScenarioStep[] = changes.map((c, i) => ({
      label: c.label,
      desired: c.desired,
      atCompleted: Math.round(((i + 1) * TOTAL) / (changes.length + 1)),
    }));
    const report = await runScenario(stack, initial, steps, { total: TOTAL, concurrency: CONCURRENCY, timeLimitMs: TIME_LIMIT_MS });

    for (const p of report.phases) {
      console.log(
        `phase ${p.label.padEnd(50)} n=${String(p.requests).padStart(6)} shares ${JSON.stringify(p.sharesPct)} expected ${JSON.stringify(p.expectedPct)} err ${p.maxErrorPct} pp`,
      );
    }
    report.changes.forEach((c, i) => {
      console.log(
        `change ${c.label.padEnd(50)} ack ${round2(c.ackAt - c.sentAt)} ms, effect ${round2(report.applyMs[i] ?? 0)} ms, commands ${JSON.stringify(c.result.commands)}`,
      );
    });
    for (const d of report.drains) {
      console.log(
        `drain  ${d.regionCode}: ack ${round2(d.ackMs)} ms, last arrival ${round2(d.lastArrivalMs)} ms after the command, ${d.inFlightAtCommand} in flight at the command, ${d.newRequestsAfterAck} new requests after ack`,
      );
    }

    const rps = report.load.sent / (report.load.durationMs / 1000);
    const figures: Record<string, number> = {
      haproxy_requests_sent: report.load.sent,
      haproxy_failed_requests: report.load.failed,
      haproxy_apply_ms: round2(Math.max(0, ...report.applyMs)),
      weight_share_error_pct: round2(report.maxShareErrorPct),
      haproxy_apply_ms_median: round2(median(report.applyMs)),
      haproxy_requests_per_s: Math.round(rps),
      haproxy_drained_new_requests: report.drains.reduce((sum, d) => sum + d.newRequestsAfterAck, 0),
    };
    mergeResults(
      'failover',
      'haproxy',
      figures,
      `${version}; ${report.load.sent} loopback requests (${CONCURRENCY} keep-alive connections, backends answer after 1 ms) ` +
        `in ${round2(report.load.durationMs / 1000)} s while the runtime API applied ${report.changes.length} changes ` +
        `(2 drains, 2 weight/dial shifts, 2 restores). haproxy_apply_ms = worst change: from the runtime API commands ` +
        `being written until HAProxy acknowledged them and, for drains, until the drained backend saw its last ` +
        `(already in-flight) request; _median over all changes. weight_share_error_pct = worst |observed − expected| share ` +
        `over the 7 phases, counting requests issued after a change was acknowledged and finished before the next. ` +
        `Shared machine: ${loadNote()} at the end.`,
    );

    if (report.failures.length > 0) {
      console.error(`FAILED:\n  ${report.failures.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    await stack?.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
