// The one place numbers, money, dates and durations are formatted for people.
const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdCompact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const formatUsd = (v: number, opts: { cents?: boolean; compact?: boolean } = {}) => (opts.compact ? usdCompact : opts.cents ? usd2 : usd0).format(v);
export const formatInt = (v: number) => int.format(v);
export const formatCompact = (v: number) => compact.format(v);
export const formatRps = (v: number) => `${compact.format(v)} rps`;
export const formatMs = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
export const formatPct = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)} %`;
export const formatSignedPct = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;
export const formatDateTime = (d: Date | string) => `${new Date(d).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
export const formatSignedUsd = (v: number, opts: { cents?: boolean } = {}) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatUsd(Math.abs(v), opts)}`;
/** 'YYYY-MM' as "Mar 2025". */
export const formatMonth = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
