// Money arithmetic for the cost domain.
//
// Amounts are summed as integer micro-dollars (1 USD = 1,000,000 micros) held in ordinary numbers.
// Integers add exactly in IEEE doubles up to Number.MAX_SAFE_INTEGER (about 9.007 billion USD), so every
// total, breakdown and trend built from the same rows agrees to the micro-dollar. Micro-dollars rather than
// cents because cloud bills carry sub-cent line items (a request-priced row can be $0.0000004); rounding
// each row to the cent would drift by whole dollars over a million rows.

export const MICROS_PER_USD = 1_000_000;

/** Largest total this module can hold exactly, in micro-dollars. */
export const MAX_SAFE_MICROS = Number.MAX_SAFE_INTEGER;

/** Rounds half away from zero, so -0.5 and +0.5 round symmetrically. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Converts a USD float to integer micro-dollars (rounded half away from zero). Throws on NaN/Infinity. */
export function usdToMicros(amountUsd: number): number {
  if (!Number.isFinite(amountUsd)) throw new RangeError(`Amount is not a finite number: ${amountUsd}`);
  const micros = roundHalfAway(amountUsd * MICROS_PER_USD);
  // -0 would print as "0" but compare oddly in Object.is-based tests.
  return micros === 0 ? 0 : micros;
}

export function microsToUsd(amountMicros: number): number {
  return amountMicros / MICROS_PER_USD;
}

/** Adds micro-dollar amounts and throws if the sum leaves the exact-integer range. */
export function sumMicros(amountsMicros: Iterable<number>): number {
  let total = 0;
  for (const m of amountsMicros) total += m;
  assertSafeMicros(total);
  return total;
}

export function assertSafeMicros(amountMicros: number): void {
  if (!Number.isSafeInteger(amountMicros)) {
    throw new RangeError(`Amount ${amountMicros} micro-dollars is outside the exactly representable range`);
  }
}

/** Rounds micro-dollars to whole cents (half away from zero) and returns USD, for display. */
export function microsToCentsUsd(amountMicros: number): number {
  return roundHalfAway(amountMicros / 10_000) / 100;
}

/** Rounds a USD float to cents (half away from zero). */
export function roundUsdToCents(amountUsd: number): number {
  const cents = roundHalfAway(amountUsd * 100);
  return (cents === 0 ? 0 : cents) / 100;
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Parses a decimal string ("12.5", "-0.0000004", "1.2E-5") into integer micro-dollars without going through a
 * float, rounding the 7th decimal half away from zero. Returns null for anything that is not a plain decimal
 * number, or that is too large to hold exactly.
 */
export function parseUsdToMicros(text: string): number | null {
  const fast = parsePlainDecimalToMicros(text);
  return fast !== undefined ? fast : parseDecimalToMicrosSlow(text);
}

/**
 * Fast path for the common shape "-123.45678901" (no exponent, at most 15 integer digits): one pass over the
 * characters, no regex, no allocation. Returns undefined to hand anything else to the general parser.
 */
function parsePlainDecimalToMicros(text: string): number | null | undefined {
  const n = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i = 1;
  }
  let whole = 0;
  let intDigits = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    intDigits++;
  }
  if (intDigits > 9) return undefined; // whole × 1e6 might pass 2^53: let the exact path decide
  let frac = 0;
  let fracDigits = 0;
  let roundUp = false;
  if (i < n && text.charCodeAt(i) === 0x2e) {
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      if (fracDigits < 6) frac = frac * 10 + d;
      else if (fracDigits === 6) roundUp = d >= 5;
      fracDigits++;
    }
  }
  if (i !== n) return undefined; // exponent, stray characters: general parser (which rejects junk)
  if (intDigits === 0 && fracDigits === 0) return null;
  for (let k = fracDigits; k < 6; k++) frac *= 10;
  const micros = whole * MICROS_PER_USD + frac + (roundUp ? 1 : 0);
  return micros === 0 ? 0 : negative ? -micros : micros;
}

function parseDecimalToMicrosSlow(text: string): number | null {
  const m = DECIMAL_RE.exec(text);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const intDigits = m[2] ?? '';
  const fracDigits = m[3] ?? '';
  if (intDigits.length === 0 && fracDigits.length === 0) return null;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  let digits = (intDigits + fracDigits).replace(/^0+/, '');
  if (digits.length === 0) return 0;
  // value = digits × 10^(exponent − fracDigits.length); micros = value × 10^6
  const shift = exponent - fracDigits.length + 6;
  let micros: number;
  if (shift >= 0) {
    if (digits.length + shift > 16) return null;
    micros = Number(digits + '0'.repeat(shift));
  } else {
    const keep = digits.length + shift; // digits left of the rounding point
    if (keep < 0) return 0;
    const roundUp = digits.charCodeAt(keep) >= 0x35; // next digit ≥ '5'
    digits = digits.slice(0, keep);
    if (digits.length > 16) return null;
    micros = (digits.length === 0 ? 0 : Number(digits)) + (roundUp ? 1 : 0);
  }
  if (!Number.isSafeInteger(micros)) return null;
  return micros === 0 ? 0 : sign * micros;
}

/**
 * Splits amounts into whole cents that add up to the rounded total (largest-remainder method), so a table
 * of rounded figures still sums to its rounded total line. Returns cents, in input order.
 */
export function apportionCents(amountsMicros: readonly number[]): number[] {
  const totalMicros = sumMicros(amountsMicros);
  const targetCents = roundHalfAway(totalMicros / 10_000);
  const floors = amountsMicros.map((m) => Math.floor(m / 10_000));
  let remainingCents = targetCents - floors.reduce((a, b) => a + b, 0);
  const order = amountsMicros.map((m, i) => ({ i, rem: m - floors[i]! * 10_000 })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  const cents = floors.slice();
  // remainingCents is in [0, n] because each floor loses less than one cent.
  for (let k = 0; k < order.length && remainingCents > 0; k++, remainingCents--) cents[order[k]!.i]! += 1;
  return cents;
}
