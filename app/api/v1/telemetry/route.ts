import { apiRoute, readJson } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';
import { MAX_AGE_MS, MAX_FUTURE_SKEW_MS, telemetryBatchSchema } from '@/lib/schemas/telemetry';

export const dynamic = 'force-dynamic';

/**
 * Telemetry from real fleets, in JSON batches: {"samples":[{"regionId","at","rps","p50Ms","p95Ms","p99Ms","errorRate",...}]}.
 * The whole batch is checked before anything is stored: one bad sample refuses the batch, with the reason.
 */
export const POST = apiRoute('telemetry:ingest', async (req) => {
  const { samples } = await readJson(req, telemetryBatchSchema, 2_000_000);
  const rt = await fleetRuntime();
  const known = new Map((rt.state?.regions ?? []).map((r) => [r.id, r]));
  const now = Date.now();
  const problems: string[] = [];
  samples.forEach((s, i) => {
    if (!known.has(s.regionId)) problems.push(`samples.${i}: unknown region ${s.regionId}`);
    if (!Number.isFinite(s.at)) problems.push(`samples.${i}: bad timestamp`);
    else if (s.at > now + MAX_FUTURE_SKEW_MS) problems.push(`samples.${i}: timestamp is in the future`);
    else if (s.at < now - MAX_AGE_MS) problems.push(`samples.${i}: timestamp is more than an hour old`);
    if (s.p50Ms > s.p95Ms || s.p95Ms > s.p99Ms) problems.push(`samples.${i}: percentiles must satisfy p50 ≤ p95 ≤ p99`);
  });
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      `Batch refused, nothing stored: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`,
    );
  rt.ingest(
    samples.map((s) => {
      const region = known.get(s.regionId);
      return { ...s, utilisation: s.utilisation ?? (region?.capacityRps ? s.rps / region.capacityRps : 0), source: 'ingest' as const };
    }),
  );
  return { accepted: samples.length };
});
