import { z } from 'zod';
import { isValidDay } from '../costs/dates';
import { COST_CATEGORIES, PROVIDERS } from '../fleet/types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Dimensions a cost report can be broken down by (URL values). */
export const COST_REPORT_DIMENSIONS = ['provider', 'region', 'service', 'team', 'category'] as const;
export type CostReportDimension = (typeof COST_REPORT_DIMENSIONS)[number];

const optionalId = z.string().trim().min(1).max(100).optional().catch(undefined);

/**
 * A cost report's URL parameters: whole months `from`..`to` (inclusive) and optional filters. Anything malformed
 * falls back to the default rather than erroring, so a hand-edited URL still opens a report.
 */
export const costFilterSchema = z.object({
  from: z.string().regex(MONTH).optional().catch(undefined),
  to: z.string().regex(MONTH).optional().catch(undefined),
  provider: z.enum(PROVIDERS).optional().catch(undefined),
  region: optionalId,
  service: optionalId,
  team: optionalId,
  category: z.enum(COST_CATEGORIES).optional().catch(undefined),
});
export type CostFilterInput = z.infer<typeof costFilterSchema>;

/** The records behind a bar or row: the report filters, optionally narrowed to one day, plus a page number. */
export const costRecordsQuerySchema = costFilterSchema.extend({
  day: z.string().regex(DAY).refine(isValidDay).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type CostRecordsQuery = z.infer<typeof costRecordsQuerySchema>;

export const COST_EXPORT_REPORTS = [...COST_REPORT_DIMENSIONS, 'daily', 'monthly', 'records'] as const;
export type CostExportReport = (typeof COST_EXPORT_REPORTS)[number];

export const costExportQuerySchema = costRecordsQuerySchema.extend({
  report: z.enum(COST_EXPORT_REPORTS).default('provider').catch('provider'),
});
