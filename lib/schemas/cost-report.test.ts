import { describe, expect, it } from 'vitest';
import { costRecordsQuerySchema } from './cost-report';

describe('cost records query', () => {
  it('keeps a calendar day and drops one that does not exist (the page then shows the whole period)', () => {
    expect(costRecordsQuerySchema.parse({ day: '2025-02-28' }).day).toBe('2025-02-28');
    expect(costRecordsQuerySchema.parse({ day: '2025-02-30' }).day).toBeUndefined();
    expect(costRecordsQuerySchema.parse({ day: '2025-13-01' }).day).toBeUndefined();
  });
});
