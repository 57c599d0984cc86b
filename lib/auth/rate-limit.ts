/**
 * Failed sign-ins per key (email and client address) in a sliding window. In memory, per process: with several
 * instances each one limits on its own, which still bounds guessing to instances x limit per window.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  fail(key: string, now = Date.now()): void {
    const r = this.recent(key, now);
    r.push(now);
    this.hits.set(key, r);
    if (this.hits.size > 10_000) this.hits.delete(this.hits.keys().next().value as string);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
