// Public API of the fleet model (lib/sim): pure TypeScript, no I/O, deterministic for a seed.

export {
  type AutoscalerParams,
  applyDueCapacity,
  createCapacityState,
  DEFAULT_AUTOSCALER_PARAMS,
  DEFAULT_SERVICE_PARAMS,
  type RegionCapacityState,
  type ServiceParams,
  saturationErrorRate,
  serviceLatencyMs,
  steadyCapacityRps,
  stepCapacity,
} from './capacity';
export {
  accrueCostUsd,
  type CostParams,
  DEFAULT_COST_PARAMS,
  egressUsdPerHour,
  type HourlyCost,
  type HourlyCostInput,
  hourlyCostUsd,
  JURISDICTION_PRICE_LEVEL,
  PROVIDER_PRICES,
  type ProviderPrices,
  replicationUsdPerHour,
} from './cost';
export { MEASURED_REGIONS, MEASURED_RTT, MEASURED_RTT_SOURCE } from './data/measured-rtt';
export {
  baseCellRps,
  CELLS,
  countryCentre,
  createDemandState,
  DEFAULT_DEMAND_PARAMS,
  type DemandParams,
  type DemandState,
  diurnalFactor,
  type FlashCrowd,
  localTime,
  PEAK_DEMAND_FACTOR,
  stepDemand,
  weeklyFactor,
} from './demand';
export { activeFailures, type FailureEffects, failureEffects, isFailureActive } from './failures';
export {
  clearFailure,
  createFleet,
  type FleetChange,
  type FleetConfig,
  type FleetOptions,
  type FleetPreview,
  type FleetState,
  type FleetTickOutput,
  type InjectFailureOptions,
  injectFailure,
  previewChange,
  tick,
  withDataStores,
  withPolicy,
  withRegions,
  withRouting,
  withServiceShares,
} from './fleet';
export { hasOwnJurisdiction, jurisdictionOf } from './jurisdictions';
export {
  createLatencyModel,
  DEFAULT_LATENCY_PARAMS,
  defaultLatencyModel,
  FIBRE_KM_PER_MS,
  fibreFloorMs,
  haversineKm,
  type LatencyAccuracy,
  type LatencyModel,
  type LatencyParams,
  latencyAccuracy,
  MOBILE_LAST_MILE_MS,
  roundTripMs,
  userRoundTripMs,
} from './latency';
export { DEFAULT_REPLICATION_PARAMS, type ReplicationParams, steadyLagMs, stepReplication } from './replication';
export {
  aggregateFlowsByCountry,
  buildRoutingIndex,
  DEFAULT_ROUTING_POLICY,
  DEFAULT_WEIGHT,
  ensureRoutingIndex,
  type RoutingIndex,
  type RoutingInput,
  routeDemand,
} from './routing';
export { effectiveRouting, overriddenServices, routeDemandByService, type ServiceShares } from './services';
export { defaultRouting, syntheticRegions } from './synthetic';
export type * from './types';
