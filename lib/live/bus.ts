// The live bus: everything that changes is published once here; the SSE endpoint forwards it to browsers.
// In one process it is an EventEmitter. Across instances (PostgreSQL) lib/runtime/cluster.ts relays events
// through LISTEN/NOTIFY.
//
// Fleet snapshots are coalesced to at most one a second and go out as deltas against the previous one
// (lib/live/delta.ts). Each event is serialised once, into the exact SSE bytes, whatever the number of clients.
import { EventEmitter } from 'node:events';
import { diffSnapshot } from './delta';
import type { LiveEvent, LiveSnapshot } from './types';

export const SNAPSHOT_EVERY_MS = 1000;
const RECENT = 200;

/** An event as it goes to browsers: its id, its SSE event name, and its encoded frame. */
export interface BusEvent {
  id: number;
  type: LiveEvent['type'] | 'delta';
  frame: Uint8Array;
}

type Listener = (e: BusEvent) => void;

const encoder = new TextEncoder();
export const sseFrame = (id: number, type: string, data: unknown): Uint8Array => encoder.encode(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

export class LiveBus {
  private emitter = new EventEmitter();
  private seq = 0;
  /** Last events, so a reconnecting client (Last-Event-ID) gets what it missed, or a fresh snapshot. */
  private recent: BusEvent[] = [];
  /** The last snapshot sent out: new clients start from it, and the next delta is made against it. */
  private latest: { id: number; data: LiveSnapshot; frame: Uint8Array | null } | null = null;
  private pending: LiveSnapshot | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  /** Set by the PostgreSQL fan-out to forward local events to the other instances. */
  relay: ((e: LiveEvent) => void) | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(e: LiveEvent, fromRemote = false): void {
    if (e.type === 'snapshot') {
      this.pending = e.data;
      const wait = this.lastFlushAt + SNAPSHOT_EVERY_MS - Date.now();
      if (wait <= 0) this.flushSnapshot();
      else this.flushTimer ??= setTimeout(() => this.flushSnapshot(), wait);
    } else {
      const id = ++this.seq;
      this.emit({ id, type: e.type, frame: sseFrame(id, e.type, e.data) });
    }
    if (!fromRemote) this.relay?.(e);
  }

  private flushSnapshot(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const snap = this.pending;
    this.pending = null;
    if (!snap) return;
    this.lastFlushAt = Date.now();
    const id = ++this.seq;
    const prev = this.latest;
    this.latest = { id, data: snap, frame: null };
    this.emit(
      prev ? { id, type: 'delta', frame: sseFrame(id, 'delta', diffSnapshot(prev.data, snap)) } : { id, type: 'snapshot', frame: this.snapshotFrame() },
    );
  }

  private emit(ev: BusEvent): void {
    this.recent.push(ev);
    if (this.recent.length > RECENT) this.recent.shift();
    this.emitter.emit('event', ev);
  }

  subscribe(fn: Listener): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }

  /** Events after `id` that a reconnecting client missed (deltas excluded: it gets a fresh snapshot), or null if too old. */
  since(id: number): BusEvent[] | null {
    if (!this.recent.length || id < this.recent[0].id - 1) return null;
    return this.recent.filter((e) => e.id > id && e.type !== 'delta' && e.type !== 'snapshot');
  }

  /** The snapshot the stream's deltas continue from: what a new client starts with. */
  latestSnapshot(): LiveSnapshot | undefined {
    return this.latest?.data;
  }

  /** The latest snapshot as an SSE frame (encoded once, on first demand). */
  snapshotFrame(): Uint8Array {
    if (!this.latest) throw new Error('no snapshot yet');
    this.latest.frame ??= sseFrame(this.latest.id, 'snapshot', this.latest.data);
    return this.latest.frame;
  }

  hasSnapshot(): boolean {
    return this.latest !== null;
  }

  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }
}

// One bus per process, shared by route handlers and instrumentation (separate bundles, one globalThis).
const g = globalThis as unknown as { meridianBus?: LiveBus };
g.meridianBus ??= new LiveBus();
export const bus: LiveBus = g.meridianBus;
