// SLO arithmetic over per-minute rollups: error budgets and multi-window, multi-burn-rate alerts (Google SRE
// workbook, ch. 5). Pure. The fleet model and the rollups are per region, not per service: a service's figures are
// those of the regions it is deployed in, weighted by each region's requests (docs/releases.md).

export const WINDOWS = { '5m': 5, '30m': 30, '1h': 60, '6h': 360, '3d': 3 * 1440, '30d': 30 * 1440 } as const;
export type WindowKey = keyof typeof WINDOWS;
export const WINDOW_KEYS = Object.keys(WINDOWS) as WindowKey[];

/** Page above 14.4× over 1 h confirmed by 5 min; page above 6× over 6 h confirmed by 30 min; ticket above 1× over 3 days. */
export const ALERT_RULES = [
  { severity: 'page', burn: 14.4, long: '1h', short: '5m' },
  { severity: 'page', burn: 6, long: '6h', short: '30m' },
  { severity: 'ticket', burn: 1, long: '3d', short: null },
] as const satisfies readonly { severity: 'page' | 'ticket'; burn: number; long: WindowKey; short: WindowKey | null }[];

/** A minute is "fast enough" when its p95 is within the objective; 99 % of requests must fall in such minutes. */
export const LATENCY_TARGET = 0.99;

/** Sums over one window of one region's 1-minute rollups. */
export interface WindowSums {
  /** Σ rps over the minutes (× 60 = requests). */
  rps: number;
  /** Σ rps × errorRate. */
  errRps: number;
  /** Σ rps over minutes whose p95 exceeded the latency objective. */
  slowRps: number;
  minutes: number;
}

export type RegionWindows = Record<WindowKey, WindowSums>;

export const emptySums = (): WindowSums => ({ rps: 0, errRps: 0, slowRps: 0, minutes: 0 });

export function addSums(a: WindowSums, b: WindowSums): WindowSums {
  return { rps: a.rps + b.rps, errRps: a.errRps + b.errRps, slowRps: a.slowRps + b.slowRps, minutes: Math.max(a.minutes, b.minutes) };
}

export interface SloFigures {
  errorBudget: number;
  /** Burn rate per window: bad fraction / allowed bad fraction; 1× spends the budget exactly in 30 days. */
  availabilityBurn: Record<WindowKey, number>;
  latencyBurn: Record<WindowKey, number>;
  availability30d: number | null;
  /** 1 − consumed: 1 = untouched, 0 = spent, negative = overspent. Over the data there is, up to 30 days. */
  budgetRemaining: number;
  latencyBudgetRemaining: number;
  alerts: {
    severity: 'page' | 'ticket';
    sli: 'availability' | 'latency';
    burn: number;
    long: WindowKey;
    short: WindowKey | null;
    longBurn: number;
    shortBurn: number | null;
  }[];
  /** Minutes of data the 30-day figures are based on. */
  dataMinutes: number;
}

export function sloFigures(w: RegionWindows, sloAvailabilityPct: number): SloFigures {
  const errorBudget = Math.max(1e-9, 1 - sloAvailabilityPct / 100);
  const latencyBudget = 1 - LATENCY_TARGET;
  const availabilityBurn = {} as Record<WindowKey, number>;
  const latencyBurn = {} as Record<WindowKey, number>;
  for (const k of WINDOW_KEYS) {
    const s = w[k];
    availabilityBurn[k] = s.rps > 0 ? s.errRps / s.rps / errorBudget : 0;
    latencyBurn[k] = s.rps > 0 ? s.slowRps / s.rps / latencyBudget : 0;
  }
  const alerts: SloFigures['alerts'] = [];
  for (const rule of ALERT_RULES) {
    for (const [sli, burn] of [
      ['availability', availabilityBurn],
      ['latency', latencyBurn],
    ] as const) {
      const longBurn = burn[rule.long];
      const shortBurn = rule.short ? burn[rule.short] : null;
      // Strictly above: a fleet spending its budget exactly on pace (1.00×) is not a ticket.
      if (longBurn > rule.burn + 1e-9 && (shortBurn === null || shortBurn > rule.burn + 1e-9)) {
        alerts.push({ severity: rule.severity, sli, burn: rule.burn, long: rule.long, short: rule.short, longBurn, shortBurn });
      }
    }
  }
  const m = w['30d'];
  // Over a shorter history the consumed share is prorated: burn × (data minutes / 30 days).
  const share = Math.min(1, m.minutes / WINDOWS['30d']);
  return {
    errorBudget,
    availabilityBurn,
    latencyBurn,
    availability30d: m.rps > 0 ? 1 - m.errRps / m.rps : null,
    budgetRemaining: 1 - availabilityBurn['30d'] * share,
    latencyBudgetRemaining: 1 - latencyBurn['30d'] * share,
    alerts,
    dataMinutes: m.minutes,
  };
}
