// Seeded pseudo-random numbers: the model never calls Math.random, so a seed fixes a whole run.

/** mulberry32: a 32-bit state, fast, good enough for simulation noise (not for cryptography). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Current 32-bit state, to store in a fleet state and resume from. */
  state(): number;
}

export function createRng(seedOrState: number): Rng {
  let s = seedOrState >>> 0;
  return {
    next() {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => s,
  };
}

/** Mixes a user seed into a well-spread initial state (so seeds 1, 2, 3 do not start out correlated). */
export function seedState(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Standard normal deviate (Box–Muller). */
export function nextGaussian(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1], keeps log finite
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function nextBetween(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}
