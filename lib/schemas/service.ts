import { z } from 'zod';
import { idField, intField, numberField, textField, versionField } from './common';

const serviceFields = {
  name: textField('Name', 80),
  team: textField('Team', 60),
  tier: intField('Tier').pipe(z.number().min(1, 'Tier is 1, 2 or 3').max(3, 'Tier is 1, 2 or 3')),
  sloAvailabilityPct: numberField('Availability SLO').pipe(
    z.number().min(90, 'Availability SLO must be between 90 and 99.999 %').max(99.999, 'Availability SLO must be between 90 and 99.999 %'),
  ),
  sloLatencyP95Ms: intField('Latency SLO').pipe(z.number().min(1, 'Latency SLO must be at least 1 ms').max(60_000, 'Latency SLO must be at most 60,000 ms')),
};

export const serviceCreateSchema = z.object({
  slug: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: 'Slug is required' }).regex(/^[a-z][a-z0-9-]{1,39}$/, 'Slug must be 2-40 lowercase letters, digits or dashes'),
  ),
  ...serviceFields,
});
export const serviceUpdateSchema = z.object({ id: idField, version: versionField, ...serviceFields });
