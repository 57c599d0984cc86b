import 'server-only';
import type { Actor } from '../auth/roles';
import { databaseKind, databaseUrl, simStartMs } from '../config';
import { desiredFromRouting } from '../dataplane/adapter';
import { dataPlanesFromEnv } from '../dataplane/from-env';
import { db } from '../db';
import type { HealthState } from '../fleet/types';
import { bus } from '../live/bus';
import type { LiveEvent, LiveFailure, LiveFlow, LiveSnapshot } from '../live/types';
import type { SimCommand } from '../schemas/sim';
import {
  aggregateFlowsByCountry,
  CELLS,
  clearFailure,
  countryCentre,
  createFleet,
  egressUsdPerHour,
  type FailureSpec,
  type FleetState,
  injectFailure,
  replicationUsdPerHour,
  tick,
  withDataStores,
  withRegions,
  withRouting,
  withServiceShares,
} from '../sim';
import { nextHealth, type RegionHealth } from '../telemetry/health';
import { prometheusFromEnv, scrapePrometheus } from '../telemetry/prometheus';
import { applyRetention, rollupHour } from '../telemetry/retention';
import { type MinuteRollup, TelemetryStore } from '../telemetry/store';
import { sampleFromSim, type TelemetrySample } from '../telemetry/types';
import { Cluster, type ClusterMessage } from './cluster';
import { loadFleetInventory, pinnedJurisdictions } from './inventory';

export const SIM_SEED = 7;
export const MAX_SPEED = 60;
/** An ingested sample overrides the simulator for its region for this long. */
const INGEST_HOLD_MS = 10_000;
/** A step still running after this long is reported and no longer blocks the next one. */
const STEP_STALL_MS = 15_000;

const TOTAL_USERS = CELLS.reduce((s, c) => s + c.users, 0);

function describeFailure(spec: FailureSpec): { regionId: string | null; detail: string } {
  switch (spec.kind) {
    case 'region_outage':
      return { regionId: spec.regionId, detail: `outage of ${spec.regionId}` };
    case 'degradation':
      return { regionId: spec.regionId, detail: `${Math.round(spec.errorRate * 100)} % errors in ${spec.regionId}` };
    case 'latency_spike':
      return { regionId: spec.regionId, detail: `+${spec.extraLatencyMs} ms in ${spec.regionId}` };
    case 'partition':
      return { regionId: spec.regionAId, detail: `partition ${spec.regionAId} ↔ ${spec.regionBId}` };
    case 'replication_stall':
      return { regionId: spec.replicaRegionId, detail: `replication stall of ${spec.dataStoreId}${spec.replicaRegionId ? ` to ${spec.replicaRegionId}` : ''}` };
  }
}

/**
 * The server's one fleet: the model advanced every second, telemetry samples (simulated or ingested) through the
 * health detector, per-minute rollups to the database, and a snapshot on the live bus.
 */
export class FleetRuntime {
  state: FleetState | null = null;
  running = true;
  speed = 1;
  private health = new Map<string, RegionHealth>();
  private store = new TelemetryStore();
  private ingested = new Map<string, TelemetrySample>();
  private pendingRollups: MinuteRollup[] = [];
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private primaries = new Map<string, string[]>();
  private stepping = false;
  private stepStartedAt = 0;
  /** Counts steps started: a stalled step that ends after the watchdog moved on must not clear the next one's flag. */
  private stepId = 0;
  /** When the last step finished (epoch ms): /api/health reports its age, so a stalled model is visible. */
  lastStepAt = 0;
  private lastHour = 0;
  private dataPlanes = dataPlanesFromEnv();
  private dataPlaneErrors = new Map<string, string>();
  /** Set on PostgreSQL: leader election and fan-out between instances. */
  cluster: Cluster | null = null;
  private remoteSnapshot: LiveSnapshot | null = null;

  async start(): Promise<void> {
    if (this.timer) return;
    await this.reload('start', false);
    const url = databaseUrl();
    if (databaseKind(url) === 'postgres') {
      this.cluster = new Cluster(
        url,
        () => this.lead(),
        (m) => void this.onClusterMessage(m),
      );
      const cluster = this.cluster;
      bus.relay = (e) => {
        if (e.type !== 'snapshot') cluster.send('event', e).catch((err) => console.error('cluster send failed', err.message));
      };
      await this.cluster.start();
    } else {
      // One process owns the embedded database: an import still "running" was cut off by a restart. Its rows are
      // absent (one transaction); say so instead of leaving it running for ever.
      await db.costImport
        .updateMany({ where: { status: 'running' }, data: { status: 'failed', finishedAt: new Date() } })
        .catch((e) => console.error('could not close interrupted imports', e));
      this.lead();
    }
  }

  /** Data planes follow the one routing state in the database; a control never talks to them directly. */
  private applyDataPlanes() {
    const st = this.state;
    if (!st || !this.dataPlanes.length) return;
    const down = new Set(st.regions.filter((r) => r.status !== 'active' || this.healthOf(r.id) === 'down').map((r) => r.id));
    const desired = desiredFromRouting(st.routing, (id) => id, { downRegionIds: down });
    for (const dp of this.dataPlanes) {
      // Say each distinct problem once (e.g. regions this HAProxy has no server for), not on every reload.
      const report = (message: string) => {
        if (this.dataPlaneErrors.get(dp.name) !== message) console.error(message);
        this.dataPlaneErrors.set(dp.name, message);
      };
      dp.apply(desired)
        .then((r) => (r.ok ? this.dataPlaneErrors.delete(dp.name) : report(`${dp.name}: ${r.errors.map((e) => e.message).join('; ')}`)))
        .catch((e) => report(`${dp.name} failed: ${e.message}`));
    }
  }

  /** This instance runs the model: on SQLite always, on PostgreSQL while it holds the leader lock. */
  get isLeader(): boolean {
    return !this.cluster || this.cluster.leader;
  }

  private lead() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.stepOnTimer(), 1000);
    this.timer.unref();
    const prom = prometheusFromEnv();
    if (prom) {
      // A real fleet behind Prometheus: its samples replace the simulator's for the regions it reports.
      const scrape = setInterval(() => {
        const capacity = new Map((this.state?.regions ?? []).map((r) => [r.id, r.capacityRps]));
        scrapePrometheus(prom, (id) => capacity.get(id))
          .then((samples) => this.ingest(samples))
          .catch((e) => console.error('Prometheus scrape failed:', e.message));
      }, 5000);
      scrape.unref();
    }
  }

  private async onClusterMessage(m: ClusterMessage) {
    if (m.kind === 'snapshot') {
      const body = await this.cluster?.readSnapshot();
      if (!body || this.isLeader) return;
      this.remoteSnapshot = JSON.parse(body) as LiveSnapshot;
      bus.publish({ type: 'snapshot', data: this.remoteSnapshot }, true);
    } else if (m.kind === 'event') {
      const e = m.body as LiveEvent;
      bus.publish(e, true);
      if (e.type === 'inventory' || e.type === 'operation') await this.reload(`remote ${e.type}`, false);
    } else if (m.kind === 'command' && this.isLeader) {
      const { cmd, actor } = m.body as { cmd: SimCommand; actor: Actor };
      const { applySimCommand } = await import('./sim-control');
      await applySimCommand(cmd, actor).catch((e) => console.error('relayed simulation command failed', e.message));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Re-reads regions, routing and data stores (after any inventory or routing change) without losing sim state. */
  async reload(reason: string, broadcast = true): Promise<void> {
    const inv = await loadFleetInventory(db);
    this.primaries = new Map();
    for (const d of inv.dataStores) this.primaries.set(d.primaryRegionId, [...(this.primaries.get(d.primaryRegionId) ?? []), d.name]);
    if (!this.state) {
      this.state = createFleet({
        regions: inv.regions,
        routing: inv.routing,
        dataStores: inv.dataStores,
        serviceShares: inv.serviceShares,
        seed: SIM_SEED,
        startTimeMs: simStartMs(),
        policy: { pinnedJurisdictions: pinnedJurisdictions() },
      });
    } else {
      this.state = withServiceShares(withDataStores(withRouting(withRegions(this.state, inv.regions), inv.routing), inv.dataStores), inv.serviceShares);
    }
    if (broadcast) bus.publish({ type: 'inventory', data: { reason } });
    if (this.isLeader) {
      this.publishSnapshot();
      this.applyDataPlanes();
    }
  }

  /** The one-second clock: a step, unless one is running. A step waits on the database; one that never returns must
   * not stop the model for good, so one running for longer than STEP_STALL_MS no longer blocks the next. */
  stepOnTimer(now = Date.now()): Promise<void> {
    if (this.stepping && now - this.stepStartedAt > STEP_STALL_MS) {
      console.error(`fleet runtime step stalled for ${now - this.stepStartedAt} ms; starting the next one`);
      this.stepping = false;
    }
    return this.step();
  }

  async step(): Promise<void> {
    if (!this.state || this.stepping) return;
    if (!this.isLeader) {
      // Lost the leader lock (connection dropped): stop, another instance takes over.
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    this.stepping = true;
    this.stepStartedAt = Date.now();
    const id = ++this.stepId;
    try {
      if (this.running) this.state = tick(this.state, this.speed);
      const now = Date.now();
      for (const r of this.state.output.regions) {
        const ext = this.ingested.get(r.regionId);
        this.observe(ext && now - ext.at < INGEST_HOLD_MS ? ext : sampleFromSim(r, now));
      }
      this.publishSnapshot();
      if (this.pendingRollups.length) await this.flushRollups();
      const hour = Math.floor(now / 3_600_000) * 3_600_000;
      if (hour !== this.lastHour) {
        // Once an hour: the previous hour's rollup, and retention.
        if (this.lastHour)
          await rollupHour(db, this.lastHour)
            .then(() => applyRetention(db))
            .catch((e) => console.error('hourly rollup failed', e));
        this.lastHour = hour;
      }
      // Durable operations: due steps run here, including those a restart interrupted.
      const { advanceDueOperations } = await import('../failover/operations');
      await advanceDueOperations(this);
      await (await import('../releases/runner')).advanceDueReleases(this);
    } catch (e) {
      console.error('fleet runtime step failed', e);
    } finally {
      if (id === this.stepId) this.stepping = false;
      this.lastStepAt = Date.now();
    }
  }

  /** One sample from any source: health detection, the in-memory ring and the minute rollup. */
  observe(s: TelemetrySample): void {
    const prev = this.health.get(s.regionId);
    const next = nextHealth(prev, s);
    if (next !== prev) this.health.set(s.regionId, next);
    // A region first seen not healthy (e.g. a failure injected before this instance's first step) is a change too.
    const was = prev?.state ?? 'healthy';
    if (was !== next.state) this.onHealthChange(s.regionId, was, next.state, s.at);
    const rollup = this.store.add(s, next.state);
    if (rollup) this.pendingRollups.push(rollup);
  }

  ingest(samples: TelemetrySample[]): void {
    for (const s of samples) this.ingested.set(s.regionId, s);
  }

  /** Regions currently fed by ingested samples rather than the simulator. */
  ingestedRegionIds(): string[] {
    return [...this.ingested.keys()];
  }

  private onHealthChange(regionId: string, from: HealthState, to: HealthState, at: number) {
    bus.publish({ type: 'health', data: { regionId, from, to, at } });
    db.fleetEvent
      .create({ data: { at: new Date(at), kind: 'health', regionId, detail: { from, to } } })
      .catch((e) => console.error('health event not stored', e));
  }

  private async flushRollups() {
    const rows = this.pendingRollups.splice(0);
    await db.metricRollup
      .createMany({ data: rows.map((r) => ({ ...r, at: new Date(r.at), resolution: '1m' })) })
      .catch((e) => console.error('rollups not stored', e));
  }

  healthOf(regionId: string): HealthState {
    return this.health.get(regionId)?.state ?? 'healthy';
  }

  // --- simulation controls (operators; checked by the callers) ---
  setRunning(running: boolean) {
    this.running = running;
    this.publishSnapshot();
  }

  setSpeed(speed: number) {
    this.speed = speed;
    this.publishSnapshot();
  }

  /** A failure now, or scheduled `startInS` seconds ahead; it clears itself after `durationS` when given. */
  inject(spec: FailureSpec, when: { startInS?: number; durationS?: number } = {}): string {
    if (!this.state) throw new Error('runtime not started');
    // One tick is one wall-clock second, whatever the simulation speed.
    this.state = injectFailure(this.state, spec, { startTick: this.state.tick + (when.startInS ?? 0), durationTicks: when.durationS ?? null });
    const f = this.state.failures.at(-1);
    if (!f) throw new Error('failure not scheduled');
    const d = describeFailure(spec);
    db.fleetEvent.create({ data: { kind: 'failure.inject', regionId: d.regionId, detail: { id: f.id, ...spec } } }).catch(() => {});
    return f.id;
  }

  clear(id: string): boolean {
    if (!this.state) return false;
    const exists = this.state.failures.some((f) => f.id === id);
    if (!exists) return false;
    this.state = clearFailure(this.state, id);
    db.fleetEvent.create({ data: { kind: 'failure.clear', detail: { id } } }).catch(() => {});
    return true;
  }

  snapshot(): LiveSnapshot {
    if (!this.isLeader && this.remoteSnapshot) return this.remoteSnapshot;
    const st = this.state;
    if (!st) throw new Error('runtime not started');
    const out = st.output;
    const routing = new Map(st.routing.filter((r) => !r.serviceId).map((r) => [r.regionId, r]));
    const byId = new Map(out.regions.map((r) => [r.regionId, r]));
    const regions = st.regions.map((r) => {
      const o = byId.get(r.id);
      const ext = this.ingested.get(r.id);
      const s = ext && Date.now() - ext.at < INGEST_HOLD_MS ? ext : null;
      const rt = routing.get(r.id);
      return {
        id: r.id,
        code: r.code,
        provider: r.provider,
        name: r.name,
        city: r.city,
        country: r.country,
        jurisdiction: r.jurisdiction,
        lat: r.lat,
        lng: r.lng,
        status: r.status,
        health: r.status === 'retired' ? ('down' as const) : this.healthOf(r.id),
        rps: dec(s?.rps ?? o?.rps ?? 0, 1),
        capacityRps: o?.capacityRps ?? r.capacityRps,
        utilisation: dec(s?.utilisation ?? o?.utilisation ?? 0, 4),
        p50Ms: dec(s?.p50Ms ?? o?.latencyP50Ms ?? 0, 1),
        p95Ms: dec(s?.p95Ms ?? o?.latencyP95Ms ?? 0, 1),
        p99Ms: dec(s?.p99Ms ?? o?.latencyP99Ms ?? 0, 1),
        errorRate: sig(s?.errorRate ?? o?.errorRate ?? 0, 4),
        weight: rt?.weight ?? 0,
        dialPct: rt?.dialPct ?? 0,
        drained: rt?.drained ?? true,
        primaryOf: this.primaries.get(r.id) ?? [],
      };
    });
    const totalRps = regions.reduce((s, r) => s + r.rps, 0);
    const regionById = new Map(st.regions.map((r) => [r.id, r]));
    const flows: LiveFlow[] = aggregateFlowsByCountry(out.flows)
      .filter((f) => f.rps > totalRps * 0.0005)
      .sort((a, b) => b.rps - a.rps)
      .slice(0, 600)
      .map((f) => {
        const c = countryCentre(f.country);
        const region = regionById.get(f.regionId);
        return {
          country: f.country,
          lat: c.lat,
          lng: c.lng,
          regionId: f.regionId,
          rps: dec(f.rps, 1),
          rttMs: dec(f.rttMs, 1),
          egressUsdPerHour: region ? dec(egressUsdPerHour(region, f.rps, st.config.cost), 4) : 0,
        };
      })
      // A stable order (by country, then region), so that tick to tick the live stream can send field patches.
      .sort((a, b) => (a.country === b.country ? (a.regionId < b.regionId ? -1 : 1) : a.country < b.country ? -1 : 1));
    const storeName = new Map(st.dataStores.map((d) => [d.id, d.name]));
    const failures: LiveFailure[] = st.failures
      .filter((f) => f.startTick <= st.tick && (f.durationTicks === null || st.tick < f.startTick + f.durationTicks))
      .map((f) => ({
        id: f.id,
        kind: f.spec.kind,
        ...describeFailure(f.spec),
        ...(f.durationTicks === null ? {} : { endsInS: f.startTick + f.durationTicks - st.tick }),
      }));
    const scheduled = st.failures
      .filter((f) => f.startTick > st.tick)
      .map((f) => ({
        id: f.id,
        kind: f.spec.kind,
        ...describeFailure(f.spec),
        startsInS: f.startTick - st.tick,
        ...(f.durationTicks === null ? {} : { endsInS: f.startTick + f.durationTicks - st.tick }),
      }));
    const byHealth: Record<HealthState, number> = { healthy: 0, degraded: 0, down: 0 };
    for (const r of regions) if (r.status === 'active') byHealth[r.health]++;
    const weighted = (k: 'p95Ms' | 'errorRate') => (totalRps ? regions.reduce((s, r) => s + r[k] * r.rps, 0) / totalRps : 0);
    return {
      seq: ++this.seq,
      at: Date.now(),
      sim: { running: this.running, speed: this.speed, tick: st.tick, fleetTimeMs: st.timeMs },
      totals: {
        rps: totalRps,
        p95Ms: weighted('p95Ms'),
        errorRate: weighted('errorRate'),
        users: TOTAL_USERS,
        unservedRps: out.unserved.reduce((s, u) => s + u.rps, 0),
        byHealth,
      },
      regions,
      flows,
      replication: out.replication.map((r) => ({
        dataStore: storeName.get(r.dataStoreId) ?? r.dataStoreId,
        primaryRegionId: r.primaryRegionId,
        replicaRegionId: r.replicaRegionId,
        lagMs: dec(r.lagMs, 1),
        transferUsdPerHour: (() => {
          const primary = regionById.get(r.primaryRegionId);
          const replica = regionById.get(r.replicaRegionId);
          return primary && replica ? dec(replicationUsdPerHour(primary, replica, totalRps, st.dataStores.length, st.config.cost), 4) : 0;
        })(),
        stalled: r.stalled,
      })),
      failures,
      scheduled,
      hourlyCostUsd: out.cost.hourlyUsd,
    };
  }

  private publishSnapshot() {
    if (!this.state) return;
    const snap = this.snapshot();
    bus.publish({ type: 'snapshot', data: snap });
    this.cluster?.publishSnapshot(snap.seq, JSON.stringify(snap)).catch((e) => console.error('snapshot fan-out failed', e.message));
  }
}

/** Figures on the live stream are rounded to what a screen shows: smaller frames, fewer changed fields per delta. */
function dec(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function sig(x: number, digits: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}

const g = globalThis as unknown as { meridianRuntime?: FleetRuntime };

/** Tells this process's runtime, if it runs, that the inventory changed (a region or service was edited). */
export function inventoryChanged(reason: string): void {
  g.meridianRuntime?.reload(reason).catch((e) => console.error('inventory reload failed', e));
}

/** The process's runtime, started on first use (instrumentation.ts starts it at boot). */
export async function fleetRuntime(): Promise<FleetRuntime> {
  if (!g.meridianRuntime) {
    const rt = new FleetRuntime();
    g.meridianRuntime = rt;
    try {
      await rt.start();
    } catch (e) {
      // Half started (e.g. the database was not reachable): the next caller starts a fresh one.
      rt.stop();
      if (g.meridianRuntime === rt) g.meridianRuntime = undefined;
      throw e;
    }
  }
  return g.meridianRuntime;
}
