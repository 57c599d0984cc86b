import { z } from 'zod';
import { BAKE_S_MAX, BAKE_S_MIN, SEMVER } from '../releases/plan';
import { idField, intField, numberField } from './common';

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());

/**
 * Starting a release, from the form (checkbox `simulateBadVersion` + `badErrorRate`) or JSON
 * (`simulateBadVersion: { errorRate }` or null).
 */
export const startReleaseSchema = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== 'object') return raw;
    const o = { ...(raw as Record<string, unknown>) };
    const s = o.simulateBadVersion;
    if (s === true || s === 'on' || s === 'true') o.simulateBadVersion = { errorRate: o.badErrorRate ?? 0.2 };
    else if (!s || s === 'false') o.simulateBadVersion = null;
    delete o.badErrorRate;
    return o;
  },
  z.object({
    serviceId: idField,
    version: z
      .string({ error: 'Version is required' })
      .trim()
      .min(1, 'Version is required')
      .max(64, 'Version is too long')
      .regex(SEMVER, 'Version must look like semver: 1.4.2 or 2.0.0-rc.1'),
    bakeS: intField('Bake time').pipe(
      z.number().min(BAKE_S_MIN, `Bake time must be at least ${BAKE_S_MIN} s`).max(BAKE_S_MAX, `Bake time must be at most ${BAKE_S_MAX} s (24 h)`),
    ),
    autoRollback: checkbox.default(false),
    simulateBadVersion: z
      .object({ errorRate: numberField('Error rate').pipe(z.number().gt(0, 'Error rate must be above 0').max(1, 'Error rate is a fraction, at most 1')) })
      .nullable()
      .default(null),
    canaryRegionId: z
      .string()
      .max(100)
      .optional()
      .transform((v) => v || undefined),
    reason: z.string().trim().max(500).default(''),
  }),
);
export type StartReleaseInput = z.infer<typeof startReleaseSchema>;

export const releaseControlSchema = z.object({
  id: idField,
  reason: z.string().trim().max(500).default(''),
});
