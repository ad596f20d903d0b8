// Exact fractions for the JGJ 59 arithmetic: table scores are ratios (实得 / 应得 × 100), group
// means and A1 divide again, and the grade compares the total with 70 and 80 unrounded. In binary
// floating point 0.1 + 0.2 is not 0.3 and a total that is exactly 80 can come out as 79.99999999999999
// and fall a grade: with fractions it cannot.

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export class Ratio {
  readonly n: bigint;
  readonly d: bigint;

  constructor(n: bigint, d: bigint = 1n) {
    if (d === 0n) throw new RangeError('division by zero');
    const sign = d < 0n ? -1n : 1n;
    const g = gcd(n, d) || 1n;
    this.n = (sign * n) / g;
    this.d = (sign * d) / g;
  }

  static of(value: number): Ratio {
    if (Number.isInteger(value)) return new Ratio(BigInt(value));
    const parsed = Ratio.parse(String(value));
    if (!parsed) throw new RangeError(`not a finite decimal: ${value}`);
    return parsed;
  }

  /** A decimal as typed ("38", "38.5", "-2"), exactly; null when it is not one. */
  static parse(text: string): Ratio | null {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!m || (m[3]?.length ?? 0) > 12) return null;
    const digits = BigInt(`${m[2]}${m[3] ?? ''}`);
    return new Ratio(m[1] === '-' ? -digits : digits, 10n ** BigInt(m[3]?.length ?? 0));
  }

  static readonly ZERO = new Ratio(0n);

  add(o: Ratio): Ratio { return new Ratio(this.n * o.d + o.n * this.d, this.d * o.d); }
  sub(o: Ratio): Ratio { return new Ratio(this.n * o.d - o.n * this.d, this.d * o.d); }
  mul(o: Ratio): Ratio { return new Ratio(this.n * o.n, this.d * o.d); }
  div(o: Ratio): Ratio { return new Ratio(this.n * o.d, this.d * o.n); }
  cmp(o: Ratio): number {
    const diff = this.n * o.d - o.n * this.d;
    return diff === 0n ? 0 : diff < 0n ? -1 : 1;
  }
  lt(o: Ratio): boolean { return this.cmp(o) < 0; }
  isZero(): boolean { return this.n === 0n; }
  isInteger(): boolean { return this.d === 1n; }
  min(o: Ratio): Ratio { return this.cmp(o) <= 0 ? this : o; }

  /** The nearest double: both parts are exact doubles here, so one division rounds correctly. */
  toNumber(): number { return Number(this.n) / Number(this.d); }

  /** Rounded half up to `decimals` places, as text with exactly that many decimals. */
  toFixed(decimals: number): string {
    const scale = 10n ** BigInt(decimals);
    const negative = this.n < 0n;
    const abs = negative ? -this.n : this.n;
    const rounded = (abs * scale * 2n + this.d) / (this.d * 2n);
    const whole = rounded / scale;
    const part = (rounded % scale).toString().padStart(decimals, '0');
    return `${negative && rounded !== 0n ? '-' : ''}${whole}${decimals > 0 ? `.${part}` : ''}`;
  }

  /** Rounded half up to `decimals` places, as a number. */
  round(decimals: number): number { return Number(this.toFixed(decimals)); }

  /** For explanations: an integer as it is, otherwise `decimals` places (more when rounding would hide a difference from `near`). */
  format(decimals = 2, near?: Ratio): string {
    if (this.isInteger()) return this.n.toString();
    let places = decimals;
    while (near && places < 6 && this.cmp(near) !== 0 && Ratio.parse(this.toFixed(places))!.cmp(near) === 0) places++;
    return this.toFixed(places);
  }
}
