// Types owned by the fleet model. Shapes shared with the inventory and the UI live in lib/fleet/types.ts.
import type { FleetRegion, HealthState, Jurisdiction, LatLng } from '../fleet/types';

/** A population centre whose mobile users send requests to the fleet. */
export interface PopulationCell extends LatLng {
  id: string;
  name: string;
  country: string; // ISO 3166-1 alpha-2
  jurisdiction: Jurisdiction;
  utcOffsetH: number; // standard time, DST ignored
  users: number; // active mobile users
}

// ---------------------------------------------------------------------------------------------------------------
// Failures

export type FailureSpec =
  /** The region serves nothing: health 'down', routed around, its replicas stall. */
  | { kind: 'region_outage'; regionId: string }
  /** The region answers, but this share of requests fail (on top of saturation errors). */
  | { kind: 'degradation'; regionId: string; errorRate: number }
  /** Every request served by the region takes this much longer (e.g. a slow dependency). */
  | { kind: 'latency_spike'; regionId: string; extraLatencyMs: number }
  /** The two regions cannot reach each other: replication between them stalls. */
  | { kind: 'partition'; regionAId: string; regionBId: string }
  /** A data store stops replicating, to one replica region or (replicaRegionId null) to all. */
  | { kind: 'replication_stall'; dataStoreId: string; replicaRegionId: string | null };

export type FailureKind = FailureSpec['kind'];

/** A failure active from startTick for durationTicks ticks (null: until cleared). */
export interface ScheduledFailure {
  id: string;
  spec: FailureSpec;
  startTick: number;
  durationTicks: number | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Routing

export interface RoutingPolicy {
  /** Users of these jurisdictions are only ever served by regions of the same jurisdiction. */
  pinnedJurisdictions: readonly Jurisdiction[];
  /** Regions within this much of the best round trip share a cell's traffic by weight. */
  latencyBandMs: number;
  /** A region accepts traffic up to this utilisation; beyond it the rest spills to the next-best region. */
  spillAtUtilisation: number;
  /** Mobile last-mile round trip added to every user ↔ region path. */
  lastMileMs: number;
}

/** A region as a routing decision sees it: inventory plus live state. */
export interface RegionSnapshot extends FleetRegion {
  /** Live health from the health detector; 'down' regions get no traffic. Defaults to 'healthy'. */
  health?: HealthState;
  /** Capacity now (after autoscaling). Defaults to capacityRps. */
  currentCapacityRps?: number;
}

export interface RegionOutcome {
  regionId: string;
  rps: number;
  capacityRps: number;
  utilisation: number; // rps / capacityRps, may exceed 1
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  errorRate: number; // 0-1
  health: HealthState;
}

/** Traffic from one population cell to one region. */
export interface FlowOutcome {
  cellId: string;
  country: string;
  jurisdiction: Jurisdiction;
  regionId: string;
  rps: number;
  /** User ↔ region network round trip, last mile included. */
  rttMs: number;
  /** Median request latency: network round trip plus the region's median service time. */
  latencyP50Ms: number;
}

export interface CountryFlow {
  country: string;
  regionId: string;
  rps: number;
  /** rps-weighted mean of the cells' round trips. */
  rttMs: number;
}

export type UnservedReason = 'pinned_no_region' | 'no_region';

export interface UnservedDemand {
  cellId: string;
  country: string;
  jurisdiction: Jurisdiction;
  rps: number;
  reason: UnservedReason;
}

export interface RoutingTotals {
  demandRps: number;
  servedRps: number;
  unservedRps: number;
  /** Requests that reached a region but failed (saturation, degradation, baseline). */
  errorRps: number;
}

export interface RoutingOutcome {
  regions: RegionOutcome[];
  flows: FlowOutcome[];
  unserved: UnservedDemand[];
  totals: RoutingTotals;
}

// ---------------------------------------------------------------------------------------------------------------
// Replication and cost

export interface ReplicaLag {
  dataStoreId: string;
  primaryRegionId: string;
  replicaRegionId: string;
  lagMs: number;
  stalled: boolean;
  stallReason: 'replication_stall' | 'partition' | 'primary_down' | 'replica_down' | null;
  withinBudget: boolean; // lagMs ≤ the store's maxLagMs
}

export interface CostBreakdown {
  computeUsd: number;
  egressUsd: number;
  interRegionUsd: number;
  totalUsd: number;
}
