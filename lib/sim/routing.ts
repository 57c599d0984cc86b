import type { HealthState, Jurisdiction, RegionRouting } from '../fleet/types';
import { combineErrorRates, DEFAULT_SERVICE_PARAMS, type ServiceParams, saturationErrorRate, serviceLatencyMs } from './capacity';
import { failureEffects } from './failures';
import { type AttachedPoint, defaultLatencyModel, type LatencyModel, MOBILE_LAST_MILE_MS } from './latency';
import type {
  CountryFlow,
  FailureSpec,
  FlowOutcome,
  PopulationCell,
  RegionOutcome,
  RegionSnapshot,
  RoutingOutcome,
  RoutingPolicy,
  UnservedDemand,
} from './types';

// Global traffic routing, as a pure function of a snapshot: latency-based with weighted bands, traffic dials,
// drains, health, capacity spill and data-residency pinning. The fleet simulation, the failover what-if preview
// and the safety checks all call routeDemand; only the cell → region round-trip table (RoutingIndex) is
// precomputed, because it depends on geography alone.

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  pinnedJurisdictions: [],
  // Route 53 / Global Accelerator style: regions within ~10 ms of the best are "as good" and share by weight.
  latencyBandMs: 10,
  // Leave 5 % headroom before spilling, as load balancers' max-utilisation settings typically do.
  spillAtUtilisation: 0.95,
  lastMileMs: MOBILE_LAST_MILE_MS,
};

/** Weight of a region that has no routing row. */
export const DEFAULT_WEIGHT = 100;
/** Nearest regions kept per cell; spill beyond them falls back to a full, lazily computed ordering. */
export const DEFAULT_CANDIDATES_PER_CELL = 16;
const MAX_SPILL_ROUNDS = 8;
const EPS_RPS = 1e-9;

// ---------------------------------------------------------------------------------------------------------------
// Index: geography only (which regions are nearest each cell, and at what round trip).

interface CandidateList {
  idx: Int32Array;
  rttMs: Float64Array;
  length: number;
  /** True when the list holds every region it could (no fallback needed). */
  complete: boolean;
}

export interface RoutingIndex {
  readonly cells: readonly PopulationCell[];
  readonly regionIds: readonly string[];
  readonly regionJurisdictions: readonly Jurisdiction[];
  readonly regionPos: ReadonlyMap<string, number>;
  readonly geometryKey: string;
  /** Network round trip (no last mile) cell → region for the K nearest, ascending. */
  readonly nearest: readonly CandidateList[];
  /** Same, restricted to regions of the cell's own jurisdiction (used when it is pinned). */
  readonly nearestInJurisdiction: readonly CandidateList[];
  readonly model: LatencyModel;
  /** The regions the index was built from (reference check before the key check). */
  readonly sourceRegions: readonly RegionGeometry[];
  readonly cellPoints: readonly AttachedPoint[];
  readonly regionPoints: readonly AttachedPoint[];
  /** Lazily filled full orderings, used only when a cell's K nearest cannot take its traffic. */
  readonly fullOrdering: Map<number, CandidateList>;
}

type RegionGeometry = Pick<RegionSnapshot, 'id' | 'lat' | 'lng' | 'jurisdiction'>;

export function regionGeometryKey(regions: readonly RegionGeometry[]): string {
  return regions.map((r) => `${r.id}@${r.lat},${r.lng},${r.jurisdiction}`).join('|');
}

export interface RoutingIndexOptions {
  candidatesPerCell?: number;
  model?: LatencyModel;
}

/** O(cells × regions) round trips: ~100 ms for 2,000 × 1,000. Rebuild only when regions move or change. */
export function buildRoutingIndex(cells: readonly PopulationCell[], regions: readonly RegionGeometry[], options: RoutingIndexOptions = {}): RoutingIndex {
  const model = options.model ?? defaultLatencyModel();
  const k = Math.max(1, options.candidatesPerCell ?? DEFAULT_CANDIDATES_PER_CELL);
  const regionPoints = regions.map((r) => model.attach(r));
  const cellPoints = cells.map((c) => model.attach(c));
  const regionCountByJurisdiction = new Map<Jurisdiction, number>();
  for (const r of regions) regionCountByJurisdiction.set(r.jurisdiction, (regionCountByJurisdiction.get(r.jurisdiction) ?? 0) + 1);

  const nearest: CandidateList[] = [];
  const nearestInJurisdiction: CandidateList[] = [];
  for (let c = 0; c < cells.length; c++) {
    const all = newList(Math.min(k, regions.length));
    const own = newList(Math.min(k, regionCountByJurisdiction.get(cells[c].jurisdiction) ?? 0));
    for (let r = 0; r < regions.length; r++) {
      const rtt = model.roundTripAttachedMs(cellPoints[c], regionPoints[r]);
      insertSorted(all, r, rtt);
      if (regions[r].jurisdiction === cells[c].jurisdiction) insertSorted(own, r, rtt);
    }
    all.complete = all.length === regions.length;
    own.complete = own.length === (regionCountByJurisdiction.get(cells[c].jurisdiction) ?? 0);
    nearest.push(all);
    nearestInJurisdiction.push(own);
  }

  return {
    cells,
    regionIds: regions.map((r) => r.id),
    regionJurisdictions: regions.map((r) => r.jurisdiction),
    regionPos: new Map(regions.map((r, i) => [r.id, i] as const)),
    geometryKey: regionGeometryKey(regions),
    nearest,
    nearestInJurisdiction,
    model,
    sourceRegions: regions,
    cellPoints,
    regionPoints,
    fullOrdering: new Map(),
  };
}

/** The same index when the regions' ids, positions and jurisdictions are unchanged, else a rebuilt one. */
export function ensureRoutingIndex(index: RoutingIndex, regions: readonly RegionGeometry[]): RoutingIndex {
  if (index.sourceRegions === regions || index.geometryKey === regionGeometryKey(regions)) return index;
  return buildRoutingIndex(index.cells, regions, {
    candidatesPerCell: index.nearest[0]?.idx.length ?? DEFAULT_CANDIDATES_PER_CELL,
    model: index.model,
  });
}

function newList(capacity: number): CandidateList {
  return { idx: new Int32Array(capacity), rttMs: new Float64Array(capacity), length: 0, complete: false };
}

function insertSorted(list: CandidateList, region: number, rttMs: number): void {
  const cap = list.idx.length;
  if (cap === 0) return;
  if (list.length === cap && rttMs >= list.rttMs[cap - 1]) return;
  let pos = list.length < cap ? list.length : cap - 1;
  if (list.length < cap) list.length++;
  while (pos > 0 && list.rttMs[pos - 1] > rttMs) {
    list.rttMs[pos] = list.rttMs[pos - 1];
    list.idx[pos] = list.idx[pos - 1];
    pos--;
  }
  list.rttMs[pos] = rttMs;
  list.idx[pos] = region;
}

function fullOrderingFor(index: RoutingIndex, cell: number): CandidateList {
  const cached = index.fullOrdering.get(cell);
  if (cached) return cached;
  const n = index.regionIds.length;
  const rtt = new Float64Array(n);
  for (let r = 0; r < n; r++) rtt[r] = index.model.roundTripAttachedMs(index.cellPoints[cell], index.regionPoints[r]);
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => rtt[a] - rtt[b] || a - b);
  const list: CandidateList = { idx: Int32Array.from(order), rttMs: Float64Array.from(order, (r) => rtt[r]), length: n, complete: true };
  index.fullOrdering.set(cell, list);
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// routeDemand

export interface RoutingInput {
  index: RoutingIndex;
  regions: readonly RegionSnapshot[];
  /** Capacity now per region id (after autoscaling); wins over RegionSnapshot.currentCapacityRps. */
  currentCapacityRps?: ReadonlyMap<string, number>;
  routing: readonly RegionRouting[];
  /** Demand per cell, aligned with index.cells. */
  cellRps: ArrayLike<number>;
  policy?: Partial<RoutingPolicy>;
  /** Active failures (outages, degradations, latency spikes; partitions and stalls affect replication only). */
  failures?: readonly FailureSpec[];
  service?: ServiceParams;
}

/** Per-call region arrays, indexed like index.regionIds. */
interface RegionTable {
  usable: Uint8Array; // may take traffic at all (active, not down, not drained)
  preferred: Uint8Array; // usable and weight > 0 and dial > 0
  weight: Float64Array;
  dialShare: Float64Array; // 0-1
  capacityRps: Float64Array;
  spillLimitRps: Float64Array;
  loadRps: Float64Array;
  blocked: Uint8Array; // full: takes no more traffic in this call
}

/** Flows of one cell: parallel arrays, a handful of entries each. */
interface CellFlows {
  region: number[];
  rps: number[];
  rttMs: number[];
}

/**
 * Routes every cell's demand to regions. Pure: the result depends only on the input (the index's lazy cache
 * does not change results). Rules, in order:
 *  - a region takes traffic only if active, not down (health or outage) and not drained;
 *  - a pinned jurisdiction's cells only ever consider regions of that jurisdiction; none usable → unserved;
 *  - regions within latencyBandMs of the best usable round trip form a band and split the traffic by weight;
 *  - a region accepts dialPct % of its share, the rest moves on to the next band (next-best round trip);
 *    what no band accepts goes back to the regions that accepted, pro rata (a dial steers, it never drops);
 *  - weight-0 or dial-0 regions are a last resort, used (evenly) only when nothing else is usable;
 *  - a region past spillAtUtilisation of its capacity keeps what fits and spills the excess to each cell's
 *    next-best region with room; excess that fits nowhere stays and shows as saturation errors.
 */
export function routeDemand(input: RoutingInput): RoutingOutcome {
  const policy: RoutingPolicy = { ...DEFAULT_ROUTING_POLICY, ...input.policy };
  const service = input.service ?? DEFAULT_SERVICE_PARAMS;
  const index = ensureRoutingIndex(input.index, input.regions);
  const effects = failureEffects(input.failures ?? []);
  const pinned = new Set(policy.pinnedJurisdictions);
  const regionCount = index.regionIds.length;

  // Region table from the snapshot and routing rows (global rows only: serviceId null).
  const routingById = new Map<string, RegionRouting>();
  for (const row of input.routing) if (row.serviceId === null) routingById.set(row.regionId, row);
  const snapshotByPos: (RegionSnapshot | undefined)[] = new Array(regionCount);
  for (const r of input.regions) {
    const pos = index.regionPos.get(r.id);
    if (pos !== undefined) snapshotByPos[pos] = r;
  }
  const table: RegionTable = {
    usable: new Uint8Array(regionCount),
    preferred: new Uint8Array(regionCount),
    weight: new Float64Array(regionCount),
    dialShare: new Float64Array(regionCount),
    capacityRps: new Float64Array(regionCount),
    spillLimitRps: new Float64Array(regionCount),
    loadRps: new Float64Array(regionCount),
    blocked: new Uint8Array(regionCount),
  };
  for (let r = 0; r < regionCount; r++) {
    const snap = snapshotByPos[r];
    if (!snap) continue;
    const row = routingById.get(snap.id);
    const down = snap.health === 'down' || effects.downRegionIds.has(snap.id);
    const usable = snap.status === 'active' && !down && !(row?.drained ?? false);
    const weight = clamp(row?.weight ?? DEFAULT_WEIGHT, 0, 255);
    const dialShare = clamp(row?.dialPct ?? 100, 0, 100) / 100;
    const capacityRps = Math.max(0, input.currentCapacityRps?.get(snap.id) ?? snap.currentCapacityRps ?? snap.capacityRps);
    table.usable[r] = usable ? 1 : 0;
    table.preferred[r] = usable && weight > 0 && dialShare > 0 ? 1 : 0;
    table.weight[r] = weight;
    table.dialShare[r] = dialShare;
    table.capacityRps[r] = capacityRps;
    table.spillLimitRps[r] = capacityRps * policy.spillAtUtilisation;
  }

  const cells = index.cells;
  const flows: CellFlows[] = new Array(cells.length);
  const unserved: UnservedDemand[] = [];
  let demandRps = 0;

  // Pass 1: place demand ignoring capacity.
  for (let c = 0; c < cells.length; c++) {
    const rps = Math.max(0, Number(input.cellRps[c]) || 0);
    const cellFlows: CellFlows = { region: [], rps: [], rttMs: [] };
    flows[c] = cellFlows;
    demandRps += rps;
    if (rps <= 0) continue;
    const leftover = placeDemand(index, table, policy, pinned, c, rps, cellFlows);
    if (leftover > EPS_RPS) {
      const cell = cells[c];
      unserved.push({
        cellId: cell.id,
        country: cell.country,
        jurisdiction: cell.jurisdiction,
        rps: leftover,
        reason: pinned.has(cell.jurisdiction) ? 'pinned_no_region' : 'no_region',
      });
    }
  }

  // Pass 2: spill. Each round blocks the regions that went over their limit, keeps the share of every flow
  // that fits, and re-places the excess among the cell's remaining candidates.
  const keepShare = new Float64Array(regionCount);
  const excessBySlot = new Float64Array(regionCount); // per flow slot of the cell being re-placed
  for (let round = 0; round < MAX_SPILL_ROUNDS; round++) {
    let newlyFull = 0;
    const isNewlyFull = new Uint8Array(regionCount);
    for (let r = 0; r < regionCount; r++) {
      if (table.blocked[r] || table.loadRps[r] <= table.spillLimitRps[r] + EPS_RPS) continue;
      table.blocked[r] = 1;
      isNewlyFull[r] = 1;
      keepShare[r] = table.spillLimitRps[r] / table.loadRps[r];
      newlyFull++;
    }
    if (newlyFull === 0) break;
    // Per cell, the excess from all its newly full regions is re-placed in one go (one walk of its list).
    for (let c = 0; c < cells.length; c++) {
      const f = flows[c];
      const n = f.region.length; // flows appended during re-placement are to unblocked regions
      let excessTotal = 0;
      for (let i = 0; i < n; i++) {
        const r = f.region[i];
        if (isNewlyFull[r]) excessTotal += f.rps[i] * (1 - keepShare[r]);
      }
      if (excessTotal <= EPS_RPS) continue;
      for (let i = 0; i < n; i++) {
        const r = f.region[i];
        if (!isNewlyFull[r]) continue;
        const excess = f.rps[i] * (1 - keepShare[r]);
        f.rps[i] -= excess;
        table.loadRps[r] -= excess;
        excessBySlot[i] = excess;
      }
      const leftover = placeDemand(index, table, policy, pinned, c, excessTotal, f);
      if (leftover > EPS_RPS) {
        // Nowhere else to go: it stays where it was, pro rata, and shows as saturation.
        for (let i = 0; i < n; i++) {
          const r = f.region[i];
          if (!isNewlyFull[r]) continue;
          const back = (leftover * excessBySlot[i]) / excessTotal;
          f.rps[i] += back;
          table.loadRps[r] += back;
        }
      }
    }
  }

  return summarise(index, table, snapshotByPos, flows, unserved, demandRps, policy, service, effects);
}

/**
 * Places `amount` rps of cell c over its candidate list (regions blocked in table are skipped) and records the
 * flows. Returns what could not be placed anywhere.
 */
function placeDemand(
  index: RoutingIndex,
  table: RegionTable,
  policy: RoutingPolicy,
  pinned: ReadonlySet<Jurisdiction>,
  c: number,
  amount: number,
  out: CellFlows,
): number {
  const cell = index.cells[c];
  const isPinned = pinned.has(cell.jurisdiction);
  const short = isPinned ? index.nearestInJurisdiction[c] : index.nearest[c];
  let leftover = placeOnList(table, policy, short, amount, out, null);
  if (leftover > EPS_RPS && !short.complete) {
    // The K nearest could not take it: walk every region (of the jurisdiction, when pinned).
    const full = fullOrderingFor(index, c);
    leftover = placeOnList(table, policy, full, leftover, out, isPinned ? { index, jurisdiction: cell.jurisdiction } : null);
  }
  return leftover;
}

function placeOnList(
  table: RegionTable,
  policy: RoutingPolicy,
  list: CandidateList,
  amount: number,
  out: CellFlows,
  onlyJurisdiction: { index: RoutingIndex; jurisdiction: Jurisdiction } | null,
): number {
  const regionJurisdictions = onlyJurisdiction ? onlyJurisdiction.index.regionJurisdictions : null;
  const jurisdiction = onlyJurisdiction ? onlyJurisdiction.jurisdiction : null;
  // Amounts this call added, per flow slot, so a dial's leftover can go back to exactly these.
  const addedBySlot: number[] = [];
  let remaining = amount;
  let acceptedTotal = 0;

  // Weighted bands, nearest first, each region accepting its dial share.
  let i = 0;
  while (remaining > EPS_RPS && i < list.length) {
    while (i < list.length && !isPreferred(table, list.idx[i], regionJurisdictions, jurisdiction)) i++;
    if (i >= list.length) break;
    const bandLimitMs = list.rttMs[i] + policy.latencyBandMs;
    let end = i;
    let weightSum = 0;
    for (; end < list.length && list.rttMs[end] <= bandLimitMs; end++) {
      const r = list.idx[end];
      if (isPreferred(table, r, regionJurisdictions, jurisdiction)) weightSum += table.weight[r];
    }
    let accepted = 0;
    for (let m = i; m < end; m++) {
      const r = list.idx[m];
      if (!isPreferred(table, r, regionJurisdictions, jurisdiction)) continue;
      const rps = ((remaining * table.weight[r]) / weightSum) * table.dialShare[r];
      const slot = addFlow(out, table, r, rps, list.rttMs[m]);
      if (slot >= 0) addedBySlot[slot] = (addedBySlot[slot] ?? 0) + rps;
      accepted += rps;
    }
    remaining -= accepted;
    acceptedTotal += accepted;
    i = end;
  }

  if (remaining > EPS_RPS && acceptedTotal > EPS_RPS) {
    // Dials steer traffic, they never drop it: what no band took goes back to those that accepted, pro rata.
    const scale = remaining / acceptedTotal;
    for (let slot = 0; slot < addedBySlot.length; slot++) {
      const added = addedBySlot[slot];
      if (added !== undefined && added > 0) addFlow(out, table, out.region[slot], added * scale, out.rttMs[slot]);
    }
    remaining = 0;
  }

  if (remaining > EPS_RPS) {
    // Last resort: weight-0 / dial-0 regions, the nearest band of them, evenly.
    let first = -1;
    for (let m = 0; m < list.length; m++) {
      if (isAllowed(table, list.idx[m], regionJurisdictions, jurisdiction)) {
        first = m;
        break;
      }
    }
    if (first >= 0) {
      const bandLimitMs = list.rttMs[first] + policy.latencyBandMs;
      let members = 0;
      for (let m = first; m < list.length && list.rttMs[m] <= bandLimitMs; m++) {
        if (isAllowed(table, list.idx[m], regionJurisdictions, jurisdiction)) members++;
      }
      for (let m = first; m < list.length && list.rttMs[m] <= bandLimitMs; m++) {
        if (isAllowed(table, list.idx[m], regionJurisdictions, jurisdiction)) {
          addFlow(out, table, list.idx[m], remaining / members, list.rttMs[m]);
        }
      }
      remaining = 0;
    }
  }
  return remaining;
}

/** May take traffic in this call: usable, not full, and (for a pinned cell on a full list) in its jurisdiction. */
function isAllowed(table: RegionTable, r: number, regionJurisdictions: readonly Jurisdiction[] | null, jurisdiction: Jurisdiction | null): boolean {
  return table.usable[r] === 1 && table.blocked[r] === 0 && (regionJurisdictions === null || regionJurisdictions[r] === jurisdiction);
}

function isPreferred(table: RegionTable, r: number, regionJurisdictions: readonly Jurisdiction[] | null, jurisdiction: Jurisdiction | null): boolean {
  return table.preferred[r] === 1 && isAllowed(table, r, regionJurisdictions, jurisdiction);
}

/** Adds rps to the cell's flow to `region` (creating it); returns the flow's slot, or -1 if nothing was added. */
function addFlow(out: CellFlows, table: RegionTable, region: number, rps: number, rttMs: number): number {
  if (rps <= 0) return -1;
  table.loadRps[region] += rps;
  for (let i = 0; i < out.region.length; i++) {
    if (out.region[i] === region) {
      out.rps[i] += rps;
      return i;
    }
  }
  out.region.push(region);
  out.rps.push(rps);
  out.rttMs.push(rttMs);
  return out.region.length - 1;
}

function summarise(
  index: RoutingIndex,
  table: RegionTable,
  snapshotByPos: readonly (RegionSnapshot | undefined)[],
  flows: readonly CellFlows[],
  unserved: UnservedDemand[],
  demandRps: number,
  policy: RoutingPolicy,
  service: ServiceParams,
  effects: ReturnType<typeof failureEffects>,
): RoutingOutcome {
  const regionCount = index.regionIds.length;
  const utilisation = new Float64Array(regionCount);
  const serviceP50Ms = new Float64Array(regionCount);
  const extraMs = new Float64Array(regionCount);
  for (let r = 0; r < regionCount; r++) {
    const cap = table.capacityRps[r];
    utilisation[r] = cap > 0 ? table.loadRps[r] / cap : table.loadRps[r] > 0 ? Number.POSITIVE_INFINITY : 0;
    serviceP50Ms[r] = serviceLatencyMs(utilisation[r], 0.5, service);
    extraMs[r] = effects.extraLatencyMsByRegion.get(index.regionIds[r]) ?? 0;
  }

  // Flows, and per-region network round-trip distributions for the percentiles: flat arrays, grouped by region
  // (counting sort), each group sorted by round trip.
  let flowCount = 0;
  for (const f of flows) flowCount += f.region.length;
  const groupStart = new Int32Array(regionCount + 1);
  for (const f of flows) for (let i = 0; i < f.region.length; i++) if (f.rps[i] > EPS_RPS) groupStart[f.region[i] + 1]++;
  for (let r = 0; r < regionCount; r++) groupStart[r + 1] += groupStart[r];
  const fill = groupStart.slice(0, regionCount);
  const groupRttMs = new Float64Array(flowCount);
  const groupRps = new Float64Array(flowCount);
  const flowOut: FlowOutcome[] = [];
  for (let c = 0; c < flows.length; c++) {
    const f = flows[c];
    const cell = index.cells[c];
    for (let i = 0; i < f.region.length; i++) {
      if (f.rps[i] <= EPS_RPS) continue;
      const r = f.region[i];
      const rttMs = f.rttMs[i] + policy.lastMileMs;
      const slot = fill[r]++;
      groupRttMs[slot] = rttMs;
      groupRps[slot] = f.rps[i];
      flowOut.push({
        cellId: cell.id,
        country: cell.country,
        jurisdiction: cell.jurisdiction,
        regionId: index.regionIds[r],
        rps: f.rps[i],
        rttMs,
        latencyP50Ms: rttMs + serviceP50Ms[r] + extraMs[r],
      });
    }
  }

  const regions: RegionOutcome[] = [];
  let servedRps = 0;
  let errorRps = 0;
  for (let r = 0; r < regionCount; r++) {
    const snap = snapshotByPos[r];
    const id = index.regionIds[r];
    const rps = table.loadRps[r];
    sortGroupByRtt(groupRttMs, groupRps, groupStart[r], groupStart[r + 1]);
    const degradationRate = effects.errorRateByRegion.get(id) ?? 0;
    const errorRate = rps > 0 ? combineErrorRates(service.baselineErrorRate, degradationRate, saturationErrorRate(utilisation[r])) : 0;
    // Health is the region's own; an operator's status (maintenance, retired) only stops its traffic.
    const down = !snap || snap.health === 'down' || effects.downRegionIds.has(id);
    let health: HealthState = 'healthy';
    if (down) health = 'down';
    else if (snap.health === 'degraded' || degradationRate > 0 || extraMs[r] > 0 || errorRate > service.degradedErrorRate) {
      health = 'degraded';
    }
    const from = groupStart[r];
    const to = groupStart[r + 1];
    const u = utilisation[r];
    const p50 = rps > 0 ? weightedQuantile(groupRttMs, groupRps, from, to, 0.5) + serviceLatencyMs(u, 0.5, service) + extraMs[r] : 0;
    const p95 = rps > 0 ? weightedQuantile(groupRttMs, groupRps, from, to, 0.95) + serviceLatencyMs(u, 0.95, service) + extraMs[r] : 0;
    const p99 = rps > 0 ? weightedQuantile(groupRttMs, groupRps, from, to, 0.99) + serviceLatencyMs(u, 0.99, service) + extraMs[r] : 0;
    regions.push({
      regionId: id,
      rps,
      capacityRps: table.capacityRps[r],
      utilisation: utilisation[r],
      latencyP50Ms: p50,
      latencyP95Ms: p95,
      latencyP99Ms: p99,
      errorRate,
      health,
    });
    servedRps += rps;
    errorRps += rps * errorRate;
  }
  const unservedRps = unserved.reduce((s, u) => s + u.rps, 0);
  return { regions, flows: flowOut, unserved, totals: { demandRps, servedRps, unservedRps, errorRps } };
}

/** Sorts one region's slice by round trip: insertion sort for the usual few dozen flows, else a full sort. */
function sortGroupByRtt(rttMs: Float64Array, rps: Float64Array, start: number, end: number): void {
  if (end - start > 64) {
    const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => rttMs[a] - rttMs[b]);
    const sortedRtt = Float64Array.from(order, (i) => rttMs[i]);
    const sortedRps = Float64Array.from(order, (i) => rps[i]);
    rttMs.set(sortedRtt, start);
    rps.set(sortedRps, start);
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const keyRtt = rttMs[i];
    const keyRps = rps[i];
    let j = i - 1;
    while (j >= start && rttMs[j] > keyRtt) {
      rttMs[j + 1] = rttMs[j];
      rps[j + 1] = rps[j];
      j--;
    }
    rttMs[j + 1] = keyRtt;
    rps[j + 1] = keyRps;
  }
}

/**
 * q-quantile of an rps-weighted, rtt-sorted slice. Region percentiles add this to the service-time quantile:
 * exact for one flow, an upper bound (comonotone sum) for several; cheap and monotone.
 */
function weightedQuantile(rttMs: Float64Array, rps: Float64Array, start: number, end: number, q: number): number {
  if (end <= start) return 0;
  let total = 0;
  for (let i = start; i < end; i++) total += rps[i];
  let target = q * total;
  for (let i = start; i < end; i++) {
    target -= rps[i];
    if (target <= 0) return rttMs[i];
  }
  return rttMs[end - 1];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Flows summed per (country, region): what the map's arcs and the preview tables show. */
export function aggregateFlowsByCountry(flows: readonly FlowOutcome[]): CountryFlow[] {
  const byKey = new Map<string, { country: string; regionId: string; rps: number; rttWeighted: number }>();
  for (const f of flows) {
    const key = `${f.country}\u0000${f.regionId}`;
    const entry = byKey.get(key) ?? { country: f.country, regionId: f.regionId, rps: 0, rttWeighted: 0 };
    entry.rps += f.rps;
    entry.rttWeighted += f.rps * f.rttMs;
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .map((e) => ({ country: e.country, regionId: e.regionId, rps: e.rps, rttMs: e.rps > 0 ? e.rttWeighted / e.rps : 0 }))
    .sort((a, b) => b.rps - a.rps || a.country.localeCompare(b.country) || a.regionId.localeCompare(b.regionId));
}
