import { describe, expect, it } from 'vitest';
import { budgetCreateSchema, budgetUpdateSchema } from './budget';

const errorsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('budget schema', () => {
  const base = { month: '2025-03', scopeType: 'team', scopeId: 'Payments' };

  it('accepts plain, comma-grouped and dollar-prefixed amounts', () => {
    for (const [text, n] of [
      ['12500', 12500],
      ['12,500.50', 12500.5],
      ['$ 7'.replace(' ', ''), 7],
      ['0', 0],
    ] as const) {
      const r = budgetCreateSchema.safeParse({ ...base, amountUsd: text });
      expect(r.success, text).toBe(true);
      expect(r.data?.amountUsd).toBe(n);
    }
  });

  it('refuses negative, malformed, empty and absurd amounts with a field error on amountUsd', () => {
    const cases: [unknown, RegExp][] = [
      ['-5', /negative/],
      ['12,50 USD', /must be a number/],
      ['1e5', /must be a number/],
      ['12.345', /must be a number/],
      ['', /required/],
      [undefined, /required/],
      ['abc', /must be a number/],
      ['99999999999', /at most/],
    ];
    for (const [amountUsd, msg] of cases) {
      const r = budgetCreateSchema.safeParse({ ...base, amountUsd });
      expect(r.success, String(amountUsd)).toBe(false);
      expect(errorsOf(r).amountUsd, String(amountUsd)).toMatch(msg);
    }
  });

  it('checks month and scope, and needs id and version to update', () => {
    const r = budgetCreateSchema.safeParse({ month: '2025-13', scopeType: 'planet', scopeId: '', amountUsd: '5' });
    expect(Object.keys(errorsOf(r)).sort()).toEqual(['month', 'scopeId', 'scopeType']);
    const u = budgetUpdateSchema.safeParse({ id: '', version: '0', amountUsd: '-1' });
    expect(Object.keys(errorsOf(u)).sort()).toEqual(['amountUsd', 'id', 'version']);
    expect(budgetUpdateSchema.safeParse({ id: 'b1', version: '3', amountUsd: '100' }).data).toEqual({ id: 'b1', version: 3, amountUsd: 100 });
  });
});
