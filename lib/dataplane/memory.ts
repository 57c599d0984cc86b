// In-memory data plane: the simulator's router and the tests use it. Same contract as every adapter (validate,
// diff, add capacity before removing it, report changes), with no I/O. `pick()` routes one request by smooth
// weighted round-robin (the same algorithm family as HAProxy's `balance roundrobin`), so simulated traffic shares
// follow the effective weights exactly.

import {
  type AppliedChange,
  type ApplyError,
  type ApplyResult,
  type DataPlaneAdapter,
  type DesiredRouting,
  desiredState,
  effectiveWeight,
  type ObservedHealth,
  type ObservedRegionRouting,
  type ObservedRouting,
  type RotationState,
  validateDesired,
} from './adapter';

interface MemoryRegion {
  weight: number;
  state: RotationState;
  health: ObservedHealth;
  selectedTotal: number;
  /** Smooth WRR running score. */
  current: number;
}

export interface MemoryAdapterOptions {
  name?: string;
  /**
   * Regions the data plane knows at start (like servers in a config). When given, applying an unknown region is an
   * error, as with a real data plane; when omitted, regions are created on first apply.
   */
  regions?: ReadonlyArray<{ regionCode: string; weight: number; state?: RotationState }>;
}

export class MemoryAdapter implements DataPlaneAdapter {
  readonly name: string;
  private readonly regions = new Map<string, MemoryRegion>();
  private readonly strict: boolean;
  /** The last `LOG_LIMIT` commands applied, in order (what a real adapter would have sent). */
  readonly log: string[] = [];
  static readonly LOG_LIMIT = 1000;

  constructor(options: MemoryAdapterOptions = {}) {
    this.name = options.name ?? 'memory';
    this.strict = options.regions !== undefined;
    for (const r of options.regions ?? []) {
      this.regions.set(r.regionCode, { weight: r.weight, state: r.state ?? 'ready', health: 'up', selectedTotal: 0, current: 0 });
    }
  }

  async apply(desired: DesiredRouting): Promise<ApplyResult> {
    validateDesired(desired);
    const started = performance.now();
    const adding: Array<{ code: string; change: AppliedChange }> = [];
    const removing: Array<{ code: string; change: AppliedChange }> = [];
    const errors: ApplyError[] = [];
    for (const d of desired.regions) {
      let region = this.regions.get(d.regionCode);
      if (region === undefined) {
        if (this.strict) {
          errors.push({ regionCode: d.regionCode, message: `unknown region ${d.regionCode}` });
          continue;
        }
        region = { weight: 0, state: 'down', health: 'up', selectedTotal: 0, current: 0 };
        this.regions.set(d.regionCode, region);
      }
      const weight = effectiveWeight(d.weight, d.dialPct);
      const state = desiredState(d);
      const changes: AppliedChange[] = [];
      if (region.weight !== weight) changes.push({ regionCode: d.regionCode, field: 'weight', from: region.weight, to: weight });
      if (region.state !== state) changes.push({ regionCode: d.regionCode, field: 'state', from: region.state, to: state });
      const before = region.state === 'ready' ? region.weight : 0;
      const after = state === 'ready' ? weight : 0;
      const ordered = state === 'ready' ? changes : [...changes].reverse();
      for (const change of ordered) (after > before ? adding : removing).push({ code: d.regionCode, change });
    }
    const changes: AppliedChange[] = [];
    const commands: string[] = [];
    for (const { code, change } of [...adding, ...removing]) {
      const region = this.regions.get(code);
      if (region === undefined) continue;
      if (change.field === 'weight' && typeof change.to === 'number') region.weight = change.to;
      if (change.field === 'state' && typeof change.to === 'string') {
        region.state = change.to;
        region.current = 0;
      }
      const command = `${code} ${change.field} ${String(change.to)}`;
      commands.push(command);
      this.log.push(command);
      if (this.log.length > MemoryAdapter.LOG_LIMIT) this.log.splice(0, this.log.length - MemoryAdapter.LOG_LIMIT);
      changes.push(change);
    }
    return {
      adapter: this.name,
      ok: errors.length === 0,
      changes,
      commands,
      errors,
      durationMs: performance.now() - started,
      version: desired.version,
    };
  }

  async read(): Promise<ObservedRouting> {
    return this.snapshot();
  }

  /** Synchronous read (for the simulator's tick loop). */
  snapshot(): ObservedRouting {
    const regions: ObservedRegionRouting[] = [...this.regions].map(([regionCode, r]) => ({
      regionCode,
      effectiveWeight: r.weight,
      state: r.state,
      health: r.health,
      selectedTotal: r.selectedTotal,
    }));
    return { adapter: this.name, regions, observedAt: new Date().toISOString() };
  }

  /** Marks a region's health as the data plane's checks would (down regions get no traffic from `pick`). */
  setHealth(regionCode: string, health: ObservedHealth): void {
    const region = this.regions.get(regionCode);
    if (region !== undefined) region.health = health;
  }

  /**
   * Routes one request: smooth weighted round-robin over regions that are ready, healthy and have weight > 0.
   * Returns the region code, or null when nothing can take traffic.
   */
  pick(): string | null {
    let total = 0;
    let best: { code: string; region: MemoryRegion } | null = null;
    for (const [code, region] of this.regions) {
      if (region.state !== 'ready' || region.health === 'down' || region.weight <= 0) continue;
      region.current += region.weight;
      total += region.weight;
      if (best === null || region.current > best.region.current) best = { code, region };
    }
    if (best === null) return null;
    best.region.current -= total;
    best.region.selectedTotal += 1;
    return best.code;
  }
}
