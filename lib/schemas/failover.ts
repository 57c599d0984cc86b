import { z } from 'zod';

const regionId = z.string().min(1, 'regionId is required').max(100);
/** Optional: the control acts on this one service's routing in the region instead of the region's. */
const serviceId = z.string().min(1, 'serviceId must not be empty').max(100).optional();

export const controlChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('drain'), regionId, serviceId }),
    z.object({ kind: z.literal('restore'), regionId, serviceId }),
    z.object({
      kind: z.literal('set_dial'),
      regionId,
      dialPct: z.coerce.number().int('dial must be a whole number').min(0, 'dial must be 0-100 %').max(100, 'dial must be 0-100 %'),
      serviceId,
    }),
    z.object({
      kind: z.literal('set_weight'),
      regionId,
      weight: z.coerce.number().int('weight must be a whole number').min(0, 'weight must be 0-255').max(255, 'weight must be 0-255'),
      serviceId,
    }),
    z.object({
      kind: z.literal('evacuate'),
      regionId,
      steps: z.coerce.number().int().min(2, 'an evacuation has 2-10 steps').max(10, 'an evacuation has 2-10 steps').default(4),
      waitS: z.coerce.number().int().min(1, 'wait between steps must be 1-3600 s').max(3600, 'wait between steps must be 1-3600 s').default(30),
      serviceId,
    }),
    z.object({ kind: z.literal('switchover'), dataStoreId: z.string().min(1).max(100), targetRegionId: regionId }),
    z.object({ kind: z.literal('failover'), dataStoreId: z.string().min(1).max(100), targetRegionId: regionId }),
  ],
  { error: 'kind must be drain, restore, set_dial, set_weight, evacuate, switchover or failover' },
);

export const previewSchema = z.object({ change: controlChangeSchema });

export const commitSchema = z.object({
  change: controlChangeSchema,
  /** The routing (or data store) version the operator looked at: a newer one means someone else acted. */
  expectedVersion: z.coerce.number().int().min(1),
  /** Destructive changes: the region code typed by hand. */
  confirm: z.string().max(100).optional(),
  reason: z.string().trim().max(500).default(''),
  /** Admins only: proceed despite overridable safety rules; the reason is required and recorded. */
  override: z.coerce.boolean().default(false),
});

/** A data store's replication lag limit: a planned switchover to a replica further behind is refused. */
export const lagLimitSchema = z.object({
  dataStoreId: z.string().min(1, 'dataStoreId is required').max(100),
  maxLagMs: z.coerce
    .number({ error: 'the lag limit must be a number of ms' })
    .int('the lag limit must be a whole number of ms')
    .min(100, 'the lag limit must be 100-3600000 ms')
    .max(3_600_000, 'the lag limit must be 100-3600000 ms'),
  expectedVersion: z.coerce.number().int().min(1),
  reason: z.string().trim().max(500).default(''),
});

export const operationIdSchema = z.object({ id: z.string().min(1).max(100), reason: z.string().max(500).default('') });
