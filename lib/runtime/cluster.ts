import 'server-only';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

// Several app instances on one PostgreSQL: one of them (holding an advisory lock) runs the fleet model; changes fan
// out to every instance through LISTEN/NOTIFY. No broker of our own. Snapshots are larger than NOTIFY's 8 KB limit,
// so the leader keeps the latest one in a one-row table and notifies its sequence number.

const CHANNEL = 'meridian_live';
const LEADER_LOCK = 0x4d455249; // "MERI"
const RETRY_MS = 2000;

export interface ClusterMessage {
  from: string;
  kind: 'event' | 'snapshot' | 'command';
  body: unknown;
}

export class Cluster {
  readonly instanceId = randomUUID();
  leader = false;
  private lock: pg.Client | null = null;
  private listen: pg.Client | null = null;
  private pool: pg.Pool;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onLeader: () => void,
    private readonly onMessage: (m: ClusterMessage) => void,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
  }

  async start(): Promise<void> {
    // Instances start together: two concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog
    // (23505 on pg_type, or 42P07). Serialise them on an advisory lock; the loser then finds the table there.
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [LEADER_LOCK + 1]);
      await c.query('CREATE UNLOGGED TABLE IF NOT EXISTS meridian_live_snapshot (id int PRIMARY KEY, seq bigint NOT NULL, body text NOT NULL)');
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
    this.listen = new pg.Client({ connectionString: this.url });
    this.listen.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const m = JSON.parse(n.payload) as ClusterMessage;
        if (m.from !== this.instanceId) this.onMessage(m);
      } catch {}
    });
    this.listen.on('error', (e) => console.error('cluster listen connection failed', e.message));
    await this.listen.connect();
    await this.listen.query(`LISTEN ${CHANNEL}`);
    await this.tryLead();
    this.timer = setInterval(() => void this.tryLead(), RETRY_MS);
    this.timer.unref();
  }

  /** Takes the leader lock if free. The lock lives as long as this connection: if the leader dies, it is released. */
  private async tryLead(): Promise<void> {
    if (this.leader) return;
    try {
      if (!this.lock) {
        this.lock = new pg.Client({ connectionString: this.url });
        this.lock.on('error', () => {
          // Lost the connection, so lost the lock: stop leading at once.
          this.leader = false;
          this.lock = null;
        });
        await this.lock.connect();
      }
      const r = await this.lock.query('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
      if (r.rows[0]?.ok) {
        this.leader = true;
        this.onLeader();
      }
    } catch (e) {
      console.error('leader election failed', (e as Error).message);
      this.lock = null;
    }
  }

  async send(kind: ClusterMessage['kind'], body: unknown): Promise<void> {
    const payload = JSON.stringify({ from: this.instanceId, kind, body });
    if (payload.length > 7900) throw new Error(`cluster message too large (${payload.length} bytes)`);
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  async publishSnapshot(seq: number, body: string): Promise<void> {
    await this.pool.query('INSERT INTO meridian_live_snapshot (id, seq, body) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = $1, body = $2', [
      seq,
      body,
    ]);
    await this.send('snapshot', { seq });
  }

  async readSnapshot(): Promise<string | null> {
    const r = await this.pool.query('SELECT body FROM meridian_live_snapshot WHERE id = 1');
    return r.rows[0]?.body ?? null;
  }
}
