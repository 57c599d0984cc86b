import { z } from 'zod';

export const MAX_SAMPLES_PER_BATCH = 5000;
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
export const MAX_AGE_MS = 60 * 60_000;

const nonNegative = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .finite(`${label} must be finite`)
    .min(0, `${label} cannot be negative`);

export const telemetrySampleSchema = z.object({
  regionId: z.string().min(1).max(100),
  at: z.union([z.number().int(), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'number' ? v : Date.parse(v))),
  rps: nonNegative('rps'),
  p50Ms: nonNegative('p50Ms'),
  p95Ms: nonNegative('p95Ms'),
  p99Ms: nonNegative('p99Ms'),
  errorRate: nonNegative('errorRate').max(1, 'errorRate is a fraction between 0 and 1'),
  utilisation: nonNegative('utilisation').max(100).optional(),
  up: z.boolean().default(true),
});

export const telemetryBatchSchema = z.object({
  samples: z.array(telemetrySampleSchema).min(1, 'samples must not be empty').max(MAX_SAMPLES_PER_BATCH, `at most ${MAX_SAMPLES_PER_BATCH} samples per batch`),
});
