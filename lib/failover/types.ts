// Failover controls as data. Pure: shared by the server (safety, preview, operations), the HTTP API and the UI.
import type { HealthState, Jurisdiction, RegionRouting } from '../fleet/types';

/**
 * Region controls act on the region's global routing, or, with serviceId, on that one service's routing in the
 * region (a row of its own that overrides the global one for that service only).
 */
export type ControlChange =
  | { kind: 'drain'; regionId: string; serviceId?: string }
  | { kind: 'restore'; regionId: string; serviceId?: string }
  | { kind: 'set_dial'; regionId: string; dialPct: number; serviceId?: string }
  | { kind: 'set_weight'; regionId: string; weight: number; serviceId?: string }
  | { kind: 'evacuate'; regionId: string; steps: number; waitS: number; serviceId?: string }
  | { kind: 'switchover'; dataStoreId: string; targetRegionId: string }
  | { kind: 'failover'; dataStoreId: string; targetRegionId: string };

export type ControlKind = ControlChange['kind'];

/** One step of an operation: routing rows to write (by scopeKey), or a data-store promotion, then a wait. */
export interface OperationStep {
  label: string;
  routing?: { scopeKey: string; regionId: string; serviceId?: string | null; weight: number; dialPct: number; drained: boolean }[];
  promote?: { dataStoreId: string; targetRegionId: string; waitForLagMs: number };
  waitAfterS: number;
}

export interface SafetyLimits {
  /** At least this many healthy, serving regions must remain. */
  minHealthyRegions: number;
  /** Receiving regions must stay under this utilisation at current demand. */
  headroomUtilisation: number;
  /** A gradual shift rolls back when a receiving region's error rate or p95 crosses these. */
  abortErrorRate: number;
  abortP95Ms: number;
}

export const DEFAULT_LIMITS: SafetyLimits = { minHealthyRegions: 3, headroomUtilisation: 0.8, abortErrorRate: 0.05, abortP95Ms: 1500 };

export const SAFETY_RULES = [
  'MIN_HEALTHY',
  'HEADROOM',
  'SOVEREIGNTY',
  'ONE_OPERATION_PER_SCOPE',
  'STALE_VERSION',
  'REPLICA_LAG',
  'NOT_A_REPLICA',
  'UNKNOWN_TARGET',
  'NO_OP',
] as const;
export type SafetyRule = (typeof SAFETY_RULES)[number];

/** Rules an admin may override with a written reason. The others protect correctness, not judgement. */
export const OVERRIDABLE: ReadonlySet<SafetyRule> = new Set(['MIN_HEALTHY', 'HEADROOM', 'REPLICA_LAG']);

export interface Violation {
  rule: SafetyRule;
  regionId?: string;
  /** Plain words: which rule, which region, by how much. */
  message: string;
}

export interface RegionProjection {
  regionId: string;
  code: string;
  health: HealthState;
  rpsBefore: number;
  rpsAfter: number;
  utilisationBefore: number;
  utilisationAfter: number;
  p95BeforeMs: number;
  p95AfterMs: number;
  errorRateAfter: number;
}

export interface Preview {
  change: ControlChange;
  steps: OperationStep[];
  regions: RegionProjection[];
  /** Users whose region changes: rps moved and their rps-weighted round-trip before and after. */
  affected: { rps: number; rttBeforeMs: number; rttAfterMs: number };
  unservedAfterRps: number;
  /** Error-budget burn rate after the change at a 99.9 % availability objective (1 = burning exactly on budget). */
  sloBurnRateAfter: number;
  sloBurnRateBefore: number;
  costDeltaUsdPerHour: number;
  /** For data-store changes: writes that may be lost (emergency) or the wait for lag to drain (planned). */
  dataLossWindowMs?: number;
  violations: Violation[];
}

/** What the pure checks need to know about the fleet besides the model. */
export interface FleetFacts {
  /** Services that exist (for per-service controls). */
  services?: { id: string; name: string }[];
  regions: { id: string; code: string; jurisdiction: Jurisdiction; status: string; health: HealthState }[];
  routing: RegionRouting[];
  dataStores: { id: string; name: string; primaryRegionId: string; replicaRegionIds: string[]; pinnedJurisdiction: Jurisdiction | null; maxLagMs: number }[];
  replicaLagMs: Record<string, number>; // `${dataStoreId}|${regionId}`
  pinnedJurisdictions: Jurisdiction[];
  busyScopes: string[];
}
