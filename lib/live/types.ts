// What the live stream carries to browsers. Plain data only: imported by client components too.
import type { HealthState, Jurisdiction, Provider } from '../fleet/types';

export interface LiveRegion {
  id: string;
  code: string;
  provider: Provider;
  name: string;
  city: string;
  country: string;
  jurisdiction: Jurisdiction;
  lat: number;
  lng: number;
  status: string;
  health: HealthState;
  rps: number;
  capacityRps: number;
  utilisation: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
  weight: number;
  dialPct: number;
  drained: boolean;
  primaryOf: string[];
}

/** Users of one country served by one region. */
export interface LiveFlow {
  country: string;
  lat: number;
  lng: number;
  regionId: string;
  rps: number;
  rttMs: number;
  /** Internet egress of these responses, USD per hour (the arc's cost). */
  egressUsdPerHour?: number;
}

export interface LiveReplica {
  dataStore: string;
  primaryRegionId: string;
  replicaRegionId: string;
  lagMs: number;
  stalled: boolean;
  /** Inter-region transfer of this replication link, USD per hour (the arc's cost). */
  transferUsdPerHour?: number;
}

export interface LiveFailure {
  id: string;
  kind: string;
  regionId: string | null;
  detail: string;
  /** Seconds until it clears itself; absent = until cleared. */
  endsInS?: number;
}

export interface LiveSnapshot {
  seq: number;
  at: number;
  sim: { running: boolean; speed: number; tick: number; fleetTimeMs: number };
  totals: { rps: number; p95Ms: number; errorRate: number; users: number; unservedRps: number; byHealth: Record<HealthState, number> };
  regions: LiveRegion[];
  flows: LiveFlow[];
  replication: LiveReplica[];
  failures: LiveFailure[];
  /** Failures scheduled to start later (simulation). */
  scheduled?: (LiveFailure & { startsInS: number })[];
  hourlyCostUsd: number;
}

export type LiveEvent =
  | { type: 'snapshot'; data: LiveSnapshot }
  | { type: 'health'; data: { regionId: string; from: HealthState; to: HealthState; at: number } }
  | { type: 'inventory'; data: { reason: string } }
  | { type: 'operation'; data: { id: string; status: string; step: number; totalSteps: number } };
