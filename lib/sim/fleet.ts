import type { DataStoreTopology, FleetRegion, RegionRouting } from '../fleet/types';
import {
  type AutoscalerParams,
  applyDueCapacity,
  createCapacityState,
  DEFAULT_AUTOSCALER_PARAMS,
  DEFAULT_SERVICE_PARAMS,
  type RegionCapacityState,
  type ServiceParams,
  stepCapacity,
} from './capacity';
import { accrueCostUsd, addCost, type CostParams, DEFAULT_COST_PARAMS, hourlyCostUsd, ZERO_COST } from './cost';
import { CELLS, createDemandState, DEFAULT_DEMAND_PARAMS, type DemandParams, type DemandState, type FlashCrowd, stepDemand } from './demand';
import { activeFailures, failureEffects, pruneFailures, clearFailure as removeFailure, scheduleFailure } from './failures';
import { DEFAULT_REPLICATION_PARAMS, type ReplicationParams, stepReplication } from './replication';
import { createRng, seedState } from './rng';
import { buildRoutingIndex, DEFAULT_ROUTING_POLICY, ensureRoutingIndex, type RoutingIndex } from './routing';
import { routeDemandByService, type ServiceShares } from './services';
import type {
  CostBreakdown,
  FailureSpec,
  FlowOutcome,
  PopulationCell,
  RegionOutcome,
  ReplicaLag,
  RoutingOutcome,
  RoutingPolicy,
  RoutingTotals,
  ScheduledFailure,
  UnservedDemand,
} from './types';

// The fleet simulation: a state value and a pure `tick`. Same options and seed → same run, tick for tick.
// Operators' changes (routing, regions, data stores, failures) are applied between ticks with the `with*`
// helpers, each returning a new state.

export interface FleetOptions {
  regions: readonly FleetRegion[];
  routing: readonly RegionRouting[];
  dataStores?: readonly DataStoreTopology[];
  seed: number;
  /** Fleet time of tick 0, epoch ms (UTC). Drives the diurnal and weekly demand curves. */
  startTimeMs: number;
  /** Population cells; default: the 2,000 generated cells (lib/sim/data/cells.ts). */
  cells?: readonly PopulationCell[];
  policy?: Partial<RoutingPolicy>;
  failures?: readonly ScheduledFailure[];
  demand?: Partial<DemandParams>;
  service?: Partial<ServiceParams>;
  autoscaler?: Partial<AutoscalerParams>;
  replication?: Partial<ReplicationParams>;
  cost?: Partial<CostParams>;
  candidatesPerCell?: number;
  /** Service id → its share of requests and of each region's capacity, for per-service routing rows. */
  serviceShares?: ServiceShares;
}

export interface FleetConfig {
  policy: RoutingPolicy;
  demand: DemandParams;
  service: ServiceParams;
  autoscaler: AutoscalerParams;
  replication: ReplicationParams;
  cost: CostParams;
}

export interface FleetTickOutput {
  tick: number;
  timeMs: number;
  dtS: number;
  regions: RegionOutcome[];
  flows: FlowOutcome[];
  unserved: UnservedDemand[];
  totals: RoutingTotals;
  replication: ReplicaLag[];
  cost: {
    /** Accrued during this tick. */
    tickUsd: CostBreakdown;
    /** Accrued since tick 0. */
    accruedUsd: CostBreakdown;
    /** Rate at this tick's capacity and load. */
    hourlyUsd: number;
  };
  activeFailures: ScheduledFailure[];
  flashCrowds: FlashCrowd[];
}

export interface FleetState {
  readonly tick: number;
  readonly timeMs: number;
  readonly startTimeMs: number;
  readonly seed: number;
  readonly rngState: number;
  readonly cells: readonly PopulationCell[];
  readonly regions: readonly FleetRegion[];
  readonly routing: readonly RegionRouting[];
  readonly dataStores: readonly DataStoreTopology[];
  readonly failures: readonly ScheduledFailure[];
  readonly serviceShares: ServiceShares;
  readonly config: FleetConfig;
  readonly index: RoutingIndex;
  readonly demand: DemandState;
  /** Demand per cell at this tick, aligned with cells. */
  readonly cellRps: Float64Array;
  readonly capacity: Readonly<Record<string, RegionCapacityState>>;
  readonly replication: readonly ReplicaLag[];
  readonly accruedUsd: CostBreakdown;
  /** What this tick produced (tick 0: the initial evaluation, nothing accrued). */
  readonly output: FleetTickOutput;
}

export function createFleet(options: FleetOptions): FleetState {
  const cells = options.cells ?? CELLS;
  const config: FleetConfig = {
    policy: { ...DEFAULT_ROUTING_POLICY, ...options.policy },
    demand: { ...DEFAULT_DEMAND_PARAMS, ...options.demand },
    service: { ...DEFAULT_SERVICE_PARAMS, ...options.service },
    autoscaler: { ...DEFAULT_AUTOSCALER_PARAMS, ...options.autoscaler },
    replication: { ...DEFAULT_REPLICATION_PARAMS, ...options.replication },
    cost: { ...DEFAULT_COST_PARAMS, ...options.cost },
  };
  const capacity: Record<string, RegionCapacityState> = {};
  for (const r of options.regions) capacity[r.id] = createCapacityState(r.id, r.capacityRps);
  const seeded = {
    tick: -1,
    timeMs: options.startTimeMs,
    startTimeMs: options.startTimeMs,
    seed: options.seed,
    rngState: seedState(options.seed),
    cells,
    regions: options.regions,
    routing: options.routing,
    dataStores: options.dataStores ?? [],
    failures: options.failures ?? [],
    serviceShares: options.serviceShares ?? {},
    config,
    index: buildRoutingIndex(cells, options.regions, { candidatesPerCell: options.candidatesPerCell }),
    demand: createDemandState(cells.length),
    cellRps: new Float64Array(cells.length),
    capacity,
    replication: [],
    accruedUsd: ZERO_COST,
  };
  // Tick 0 evaluates the start instant without advancing time, so the first paint has figures.
  return advance(seeded, 0);
}

/** The next state, dtS seconds of fleet time later. */
export function tick(state: FleetState, dtS = 1): FleetState {
  if (!(dtS > 0)) throw new Error(`tick: dtS must be > 0, got ${dtS}`);
  return advance(state, dtS);
}

type StateWithoutOutput = Omit<FleetState, 'output'>;

function advance(state: StateWithoutOutput, dtS: number): FleetState {
  const { config } = state;
  const tickNo = state.tick + 1;
  const timeMs = state.timeMs + dtS * 1000;
  const active = activeFailures(state.failures, tickNo);
  const specs = active.map((f) => f.spec);
  const rng = createRng(state.rngState);

  const { state: demand, cellRps } = stepDemand(state.demand, state.cells, timeMs, dtS, rng, config.demand);

  // Capacity that has come due by now serves this tick's traffic.
  const dueCapacity: Record<string, RegionCapacityState> = {};
  const currentCapacityRps = new Map<string, number>();
  for (const r of state.regions) {
    dueCapacity[r.id] = applyDueCapacity(state.capacity[r.id] ?? createCapacityState(r.id, r.capacityRps), timeMs);
    currentCapacityRps.set(r.id, dueCapacity[r.id].capacityRps);
  }
  const outcome = routeDemandByService(
    {
      index: state.index,
      regions: state.regions,
      currentCapacityRps,
      routing: state.routing,
      cellRps,
      policy: config.policy,
      failures: specs,
      service: config.service,
    },
    state.serviceShares,
  );

  const capacity: Record<string, RegionCapacityState> = {};
  const outcomeById = new Map(outcome.regions.map((r) => [r.regionId, r] as const));
  for (const r of state.regions) {
    capacity[r.id] = stepCapacity(dueCapacity[r.id], outcomeById.get(r.id)?.rps ?? 0, timeMs, config.autoscaler);
  }

  const effects = failureEffects(specs);
  const regionsById = new Map(state.regions.map((r) => [r.id, r] as const));
  const replication = stepReplication(
    state.replication,
    state.dataStores,
    {
      regionsById,
      roundTripMs: state.index.model.roundTripMs,
      writeUtilisation: (id) => outcomeById.get(id)?.utilisation ?? 0,
      isRegionDown: (id) => outcomeById.get(id)?.health === 'down',
      failures: effects,
    },
    dtS,
    config.replication,
  );

  const hourly = hourlyCostUsd({
    regions: state.regions,
    regionRps: outcome.regions,
    capacityRps: currentCapacityRps,
    dataStores: state.dataStores,
    params: config.cost,
  });
  const tickUsd = accrueCostUsd(hourly, dtS);
  const accruedUsd = addCost(state.accruedUsd, tickUsd);

  return {
    ...state,
    tick: tickNo,
    timeMs,
    rngState: rng.state(),
    failures: pruneFailures(state.failures, tickNo),
    demand,
    cellRps,
    capacity,
    replication,
    accruedUsd,
    output: {
      tick: tickNo,
      timeMs,
      dtS,
      regions: outcome.regions,
      flows: outcome.flows,
      unserved: outcome.unserved,
      totals: outcome.totals,
      replication,
      cost: { tickUsd, accruedUsd, hourlyUsd: hourly.totalUsd },
      activeFailures: active,
      flashCrowds: demand.flashCrowds,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Operator changes between ticks

export function withRouting(state: FleetState, routing: readonly RegionRouting[]): FleetState {
  return { ...state, routing };
}

export function withServiceShares(state: FleetState, serviceShares: ServiceShares): FleetState {
  return { ...state, serviceShares };
}

export function withDataStores(state: FleetState, dataStores: readonly DataStoreTopology[]): FleetState {
  return { ...state, dataStores };
}

export function withPolicy(state: FleetState, policy: Partial<RoutingPolicy>): FleetState {
  return { ...state, config: { ...state.config, policy: { ...state.config.policy, ...policy } } };
}

/**
 * Replaces the region inventory. The cell → region table is rebuilt only if a region was added, removed,
 * moved or changed jurisdiction; autoscaler state carries over for regions that stay.
 */
export function withRegions(state: FleetState, regions: readonly FleetRegion[]): FleetState {
  const capacity: Record<string, RegionCapacityState> = {};
  for (const r of regions) {
    const prev = state.capacity[r.id];
    if (!prev) {
      capacity[r.id] = createCapacityState(r.id, r.capacityRps);
      continue;
    }
    const ceilingRps = r.capacityRps * state.config.autoscaler.maxCapacityMultiple;
    capacity[r.id] = {
      ...prev,
      baseCapacityRps: r.capacityRps,
      capacityRps: Math.min(ceilingRps, Math.max(r.capacityRps, prev.capacityRps)),
    };
  }
  return { ...state, regions, capacity, index: ensureRoutingIndex(state.index, regions) };
}

export interface InjectFailureOptions {
  /** Default: deterministic `${kind}-${tick}-${n}`. */
  id?: string;
  /** Default: the next tick (on demand). */
  startTick?: number;
  /** Default: until cleared. */
  durationTicks?: number | null;
}

export function injectFailure(state: FleetState, spec: FailureSpec, options: InjectFailureOptions = {}): FleetState {
  const startTick = options.startTick ?? state.tick + 1;
  const id = options.id ?? `${spec.kind}-${startTick}-${state.failures.length}`;
  const failure: ScheduledFailure = { id, spec, startTick, durationTicks: options.durationTicks ?? null };
  return { ...state, failures: scheduleFailure(state.failures, failure) };
}

export function clearFailure(state: FleetState, id: string): FleetState {
  return { ...state, failures: removeFailure(state.failures, id) };
}

// ---------------------------------------------------------------------------------------------------------------
// What-if: the same routing and cost functions on a hypothetical change of the current state.

export interface FleetChange {
  routing?: readonly RegionRouting[];
  regions?: readonly FleetRegion[];
  policy?: Partial<RoutingPolicy>;
  /** Failures to assume on top of the active ones (e.g. "what if eu-west-1 goes down"). */
  addFailures?: readonly FailureSpec[];
}

export interface FleetPreview {
  before: RoutingOutcome;
  after: RoutingOutcome;
  hourlyCostBeforeUsd: number;
  hourlyCostAfterUsd: number;
  /** after − before, USD per hour, at the capacity the autoscaler would settle at. */
  costDeltaUsdPerHour: number;
}

/** Routes the current demand with the current state, and again with the change applied. */
export function previewChange(state: FleetState, change: FleetChange): FleetPreview {
  const specs = activeFailures(state.failures, state.tick).map((f) => f.spec);
  const currentCapacityRps = new Map<string, number>();
  for (const r of state.regions) currentCapacityRps.set(r.id, state.capacity[r.id]?.capacityRps ?? r.capacityRps);
  const base = {
    index: state.index,
    regions: state.regions,
    currentCapacityRps,
    routing: state.routing,
    cellRps: state.cellRps,
    policy: state.config.policy,
    failures: specs,
    service: state.config.service,
  };
  const before = routeDemandByService(base, state.serviceShares);
  const afterRegions = change.regions ?? state.regions;
  const after = routeDemandByService(
    {
      ...base,
      regions: afterRegions,
      routing: change.routing ?? state.routing,
      policy: { ...state.config.policy, ...change.policy },
      failures: [...specs, ...(change.addFailures ?? [])],
    },
    state.serviceShares,
  );
  const cost = (regions: readonly FleetRegion[], outcome: RoutingOutcome): number =>
    hourlyCostUsd({
      regions,
      regionRps: outcome.regions,
      dataStores: state.dataStores,
      params: state.config.cost,
      autoscaler: state.config.autoscaler,
    }).totalUsd;
  const hourlyCostBeforeUsd = cost(state.regions, before);
  const hourlyCostAfterUsd = cost(afterRegions, after);
  return { before, after, hourlyCostBeforeUsd, hourlyCostAfterUsd, costDeltaUsdPerHour: hourlyCostAfterUsd - hourlyCostBeforeUsd };
}
