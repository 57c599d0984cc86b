import { z } from 'zod';
import { idField, versionField } from './common';

export const BUDGET_SCOPE_TYPES = ['team', 'service', 'region'] as const;
export type BudgetScopeType = (typeof BUDGET_SCOPE_TYPES)[number];

/** Largest monthly budget we accept: far above any real one, far below where micro-dollar sums stop being exact. */
export const MAX_BUDGET_USD = 1_000_000_000;

/**
 * A budget amount as typed by a person: "12500", "12,500.50", "$12,500". Commas and a leading $ are accepted;
 * anything else that is not a plain non-negative number with at most two decimals is refused with a reason.
 */
export const budgetAmountField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(/^\$/, '').replace(/,/g, '') : v),
  z.union([z.string(), z.number()], { error: 'Amount is required' }).transform((v, ctx) => {
    const text = typeof v === 'number' ? String(v) : v;
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: 'Amount is required' });
      return z.NEVER;
    }
    if (/^-/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'Amount cannot be negative' });
      return z.NEVER;
    }
    if (!/^\d+(\.\d{1,2})?$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'Amount must be a number in US dollars, e.g. 12500 or 12500.50' });
      return z.NEVER;
    }
    const n = Number(text);
    if (n > MAX_BUDGET_USD) {
      ctx.addIssue({ code: 'custom', message: `Amount must be at most $${MAX_BUDGET_USD.toLocaleString('en-US')}` });
      return z.NEVER;
    }
    return n;
  }),
);

const monthField = z
  .string({ error: 'Month is required' })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Month must look like 2025-03');

export const budgetCreateSchema = z.object({
  month: monthField,
  scopeType: z.enum(BUDGET_SCOPE_TYPES, { error: 'Choose team, service or region' }),
  scopeId: z.string({ error: 'Choose what the budget is for' }).trim().min(1, 'Choose what the budget is for').max(100),
  amountUsd: budgetAmountField,
});
export type BudgetCreateInput = z.infer<typeof budgetCreateSchema>;

export const budgetUpdateSchema = z.object({
  id: idField,
  version: versionField,
  amountUsd: budgetAmountField,
});
export type BudgetUpdateInput = z.infer<typeof budgetUpdateSchema>;

export const budgetDeleteSchema = z.object({ id: idField, version: versionField });
