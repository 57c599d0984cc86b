import { z } from 'zod';

const regionId = z.string().min(1, 'regionId is required').max(100);

export const failureSpecSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('region_outage'), regionId }),
    z.object({
      kind: z.literal('degradation'),
      regionId,
      errorRate: z.coerce.number().min(0.001, 'errorRate must be between 0.001 and 1').max(1, 'errorRate must be between 0.001 and 1'),
    }),
    z.object({
      kind: z.literal('latency_spike'),
      regionId,
      extraLatencyMs: z.coerce.number().int().min(1, 'extraLatencyMs must be 1-10000').max(10_000, 'extraLatencyMs must be 1-10000'),
    }),
    z.object({ kind: z.literal('partition'), regionAId: regionId, regionBId: regionId }),
    z.object({ kind: z.literal('replication_stall'), dataStoreId: z.string().min(1).max(100), replicaRegionId: regionId.nullable().default(null) }),
  ],
  { error: 'kind must be region_outage, degradation, latency_spike, partition or replication_stall' },
);

export const simCommandSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('pause') }),
    z.object({ action: z.literal('resume') }),
    z.object({
      action: z.literal('speed'),
      speed: z.coerce.number().int('speed must be a whole number').min(1, 'speed must be between 1 and 60').max(60, 'speed must be between 1 and 60'),
    }),
    z.object({
      action: z.literal('inject'),
      failure: failureSpecSchema,
      /** Scheduled: starts this many seconds from now (0 = at once). */
      startInS: z.coerce
        .number({ error: 'startInS must be a number of seconds' })
        .int('startInS must be a whole number of seconds')
        .min(0, 'startInS must be 0-86400 s')
        .max(86_400, 'startInS must be 0-86400 s')
        .default(0),
      /** Clears itself after this many seconds; absent = until cleared. */
      durationS: z.coerce
        .number({ error: 'durationS must be a number of seconds' })
        .int('durationS must be a whole number of seconds')
        .min(1, 'durationS must be 1-86400 s')
        .max(86_400, 'durationS must be 1-86400 s')
        .optional(),
    }),
    z.object({ action: z.literal('clear'), failureId: z.string().min(1).max(200) }),
  ],
  { error: 'action must be pause, resume, speed, inject or clear' },
);
export type SimCommand = z.infer<typeof simCommandSchema>;
