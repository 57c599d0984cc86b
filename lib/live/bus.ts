// The live bus: everything that changes is published once here; the SSE endpoint forwards it to browsers.
// In one process it is an EventEmitter. Across instances (PostgreSQL) lib/live/pg-fanout.ts relays events
// through LISTEN/NOTIFY.
import { EventEmitter } from 'node:events';
import type { LiveEvent, LiveSnapshot } from './types';

type Listener = (e: LiveEvent & { id: number }) => void;

class LiveBus {
  private emitter = new EventEmitter();
  private seq = 0;
  /** Last events, so a reconnecting client (Last-Event-ID) gets what it missed, or a fresh snapshot. */
  private recent: (LiveEvent & { id: number })[] = [];
  /** Set by the PostgreSQL fan-out to forward local events to the other instances. */
  relay: ((e: LiveEvent) => void) | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(e: LiveEvent, fromRemote = false): void {
    const ev = { ...e, id: ++this.seq };
    this.recent.push(ev);
    if (this.recent.length > 200) this.recent.shift();
    this.emitter.emit('event', ev);
    if (!fromRemote) this.relay?.(e);
  }

  subscribe(fn: Listener): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }

  since(id: number): (LiveEvent & { id: number })[] | null {
    if (!this.recent.length || id < this.recent[0].id - 1) return null; // too old: the client must resync
    return this.recent.filter((e) => e.id > id);
  }

  /** The newest fleet snapshot: what a new client starts from. */
  latestSnapshot(): (LiveSnapshot & { eventId: number }) | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const e = this.recent[i];
      if (e.type === 'snapshot') return { ...e.data, eventId: e.id };
    }
    return undefined;
  }

  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }
}

// One bus per process, shared by route handlers and instrumentation (separate bundles, one globalThis).
const g = globalThis as unknown as { meridianBus?: LiveBus };
g.meridianBus ??= new LiveBus();
export const bus: LiveBus = g.meridianBus;
