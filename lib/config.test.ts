import { afterEach, describe, expect, it } from 'vitest';
import { simStartMs } from './config';

describe('MERIDIAN_SIM_START', () => {
  const saved = process.env.MERIDIAN_SIM_START;
  afterEach(() => {
    if (saved === undefined) delete process.env.MERIDIAN_SIM_START;
    else process.env.MERIDIAN_SIM_START = saved;
  });

  it('unset: the model starts now', () => {
    delete process.env.MERIDIAN_SIM_START;
    expect(simStartMs(1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it('an ISO time pins the start, offsets included', () => {
    process.env.MERIDIAN_SIM_START = '2026-11-23T14:30:00Z';
    expect(simStartMs(1)).toBe(Date.UTC(2026, 10, 23, 14, 30));
    process.env.MERIDIAN_SIM_START = '2026-11-23T15:30:00+01:00';
    expect(simStartMs(1)).toBe(Date.UTC(2026, 10, 23, 14, 30));
  });

  it.each(['tomorrow', '2026-11-23', '2026-11-23T14:30', '2026-13-45T99:00:00Z', '1700000000000'])('refuses "%s" with the expected form', (v) => {
    process.env.MERIDIAN_SIM_START = v;
    expect(() => simStartMs()).toThrow(/MERIDIAN_SIM_START must be an ISO 8601 time such as 2026-11-23T14:30:00Z/);
  });
});
