// Data-plane adapters: the boundary between Meridian's one routing state (the DB) and whatever actually moves
// packets (the simulator's router, HAProxy, and later Route 53 / Global Accelerator / Cloudflare).
//
// Direction of the arrows (see /work/shared/ARCHITECTURE.md): an operation changes the routing state in the
// database; an adapter is then asked to make the data plane follow it (`apply`) and to report what the data plane
// actually does (`read`). A control action never calls an adapter directly.
//
// Contract every adapter keeps:
//  - `apply` is idempotent and convergent: it compares the desired state with what the data plane reports, sends
//    only the differences, and can simply be called again after a partial failure.
//  - `apply` adds capacity before it removes capacity (raise weights / un-drain first, then lower / drain / take
//    down), so a shift never passes through a state where fewer regions serve than before and after.
//  - Draining stops *new* requests to a region; requests already in flight complete. Only `down` may cut harder
//    (and even then adapters should let in-flight requests finish where the data plane allows it).
//  - Regions the data plane knows but `desired` does not mention are left untouched.
//  - Invalid input (weight outside 0-255, dial outside 0-100) is rejected before anything is sent.
//
// Adding a cloud data plane (Route 53 weighted records, Global Accelerator endpoint groups, Cloudflare pools) is a
// new file implementing `DataPlaneAdapter`; see docs/dataplane.md for how the controls map.

import type { RegionRouting } from '../fleet/types';

/** Meridian weight range (Route 53 and Global Accelerator use the same 0-255). */
export const MAX_WEIGHT = 255;
/** Traffic dial range, percent. */
export const MAX_DIAL_PCT = 100;

/** Desired routing of one region, as the data plane should see it. */
export interface DesiredRegionRouting {
  /** Provider region code (e.g. `eu-west-1`); adapters map it to their own object (server, record, endpoint). */
  regionCode: string;
  /** Integer 0-255. */
  weight: number;
  /** Traffic dial, 0-100 %. Scales the weight: see `effectiveWeight`. */
  dialPct: number;
  /** Drained: no new requests, in-flight requests finish. */
  drained: boolean;
  /** Region known down / in maintenance: take it out of rotation entirely (HAProxy `maint`). */
  down?: boolean;
}

/** The whole desired state for one adapter (one service / backend). */
export interface DesiredRouting {
  regions: readonly DesiredRegionRouting[];
  /** Version of the routing state this was computed from (audit / optimistic concurrency); optional. */
  version?: number;
}

/** What a region is doing in rotation. */
export type RotationState = 'ready' | 'drain' | 'down';
/** Health as the data plane's own checks see it. */
export type ObservedHealth = 'up' | 'down' | 'starting' | 'stopping' | 'unknown';

export interface ObservedRegionRouting {
  regionCode: string;
  /**
   * Weight set in the data plane (the effective weight last applied), in its native scale (HAProxy: 0-256). It is
   * kept while drained or down, so `state` says whether it is used: see `observedShares`.
   */
  effectiveWeight: number;
  state: RotationState;
  health: ObservedHealth;
  /** Requests/connections the data plane has sent to this region so far, when it counts them (HAProxy `lbtot`). */
  selectedTotal?: number;
  /** Requests currently in flight to the region, when known (HAProxy `scur`). */
  inFlight?: number;
}

export interface ObservedRouting {
  adapter: string;
  regions: ObservedRegionRouting[];
  /** ISO timestamp. */
  observedAt: string;
}

/** One change an adapter made (or tried to make) for one region. */
export interface AppliedChange {
  regionCode: string;
  field: 'weight' | 'state';
  from: number | RotationState | null;
  to: number | RotationState;
}

export interface ApplyError {
  regionCode: string | null;
  message: string;
  /** Native command / request that failed, when there is one. */
  command?: string;
}

export interface ApplyResult {
  adapter: string;
  /** True when every desired region now matches (as far as the data plane acknowledged). */
  ok: boolean;
  changes: AppliedChange[];
  /** Native commands / API calls sent, in order (for the audit log). */
  commands: string[];
  errors: ApplyError[];
  /** Wall time from the first command sent to the last acknowledgement, ms. */
  durationMs: number;
  version?: number;
}

export interface DataPlaneAdapter {
  readonly name: string;
  apply(desired: DesiredRouting): Promise<ApplyResult>;
  read(): Promise<ObservedRouting>;
}

/** Thrown for invalid desired state; nothing has been sent when it is thrown. */
export class DesiredRoutingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesiredRoutingError';
  }
}

/**
 * Effective weight = round(weight × dialPct / 100), integer 0-255.
 *
 * The dial scales a region's share without forgetting its configured weight: dial 100 % keeps the weight, dial 0 %
 * sends nothing new (like a drain, but the region stays "ready"). HAProxy accepts weights 0-256, so 0-255 maps
 * 1:1 without rescaling; a weight of 0 in HAProxy means "no new requests from load balancing".
 */
export function effectiveWeight(weight: number, dialPct: number): number {
  return Math.round((weight * dialPct) / 100);
}

/** The rotation state a desired region asks for: down wins over drained, drained over ready. */
export function desiredState(region: DesiredRegionRouting): RotationState {
  if (region.down === true) return 'down';
  if (region.drained) return 'drain';
  return 'ready';
}

/** Throws `DesiredRoutingError` unless every region has an integer weight 0-255, a dial 0-100 and a unique code. */
export function validateDesired(desired: DesiredRouting): void {
  const seen = new Set<string>();
  for (const r of desired.regions) {
    if (r.regionCode.length === 0) throw new DesiredRoutingError('regionCode must not be empty');
    if (seen.has(r.regionCode)) throw new DesiredRoutingError(`region ${r.regionCode} appears twice`);
    seen.add(r.regionCode);
    if (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > MAX_WEIGHT) {
      throw new DesiredRoutingError(`region ${r.regionCode}: weight ${r.weight} is not an integer 0-${MAX_WEIGHT}`);
    }
    if (!Number.isFinite(r.dialPct) || r.dialPct < 0 || r.dialPct > MAX_DIAL_PCT) {
      throw new DesiredRoutingError(`region ${r.regionCode}: dialPct ${r.dialPct} is not within 0-${MAX_DIAL_PCT}`);
    }
  }
}

/**
 * Expected share (0-1) of new requests per region for a desired state: effective weight over the sum of effective
 * weights of regions in `ready` state. All zero when nothing can take traffic.
 */
export function expectedShares(desired: DesiredRouting): Map<string, number> {
  const weights = new Map<string, number>();
  let total = 0;
  for (const r of desired.regions) {
    const w = desiredState(r) === 'ready' ? effectiveWeight(r.weight, r.dialPct) : 0;
    weights.set(r.regionCode, w);
    total += w;
  }
  const shares = new Map<string, number>();
  for (const [code, w] of weights) shares.set(code, total > 0 ? w / total : 0);
  return shares;
}

/** Same as `expectedShares`, for what a data plane reports (only `ready` regions that are not down take traffic). */
export function observedShares(observed: ObservedRouting): Map<string, number> {
  const weights = new Map<string, number>();
  let total = 0;
  for (const r of observed.regions) {
    const serving = r.state === 'ready' && r.health !== 'down';
    const w = serving ? r.effectiveWeight : 0;
    weights.set(r.regionCode, w);
    total += w;
  }
  const shares = new Map<string, number>();
  for (const [code, w] of weights) shares.set(code, total > 0 ? w / total : 0);
  return shares;
}

/**
 * Builds the desired state for one adapter from the DB's routing rows (one routing state: the adapter follows it).
 * `regionCodeOf` maps a region id to its provider code; rows whose region has no code are skipped. `downRegionIds`
 * marks regions known down (maintenance / failed), which adapters take out of rotation.
 */
export function desiredFromRouting(
  rows: readonly RegionRouting[],
  regionCodeOf: (regionId: string) => string | undefined,
  options: { serviceId?: string | null; downRegionIds?: ReadonlySet<string> } = {},
): DesiredRouting {
  const serviceId = options.serviceId ?? null;
  const regions: DesiredRegionRouting[] = [];
  let version = 0;
  for (const row of rows) {
    if (row.serviceId !== serviceId) continue;
    const regionCode = regionCodeOf(row.regionId);
    if (regionCode === undefined) continue;
    version = Math.max(version, row.version);
    regions.push({
      regionCode,
      weight: row.weight,
      dialPct: row.dialPct,
      drained: row.drained,
      down: options.downRegionIds?.has(row.regionId) === true,
    });
  }
  return { regions, version };
}
