// Money is integer 分 everywhere: wages, ledgers, bank files. Amounts are parsed from the text a
// user typed (never through a floating-point number) and formatted back with two decimals.

/** The largest amount the app handles: 100 million yuan, far below Number.MAX_SAFE_INTEGER 分. */
export const MAX_FEN = 100_000_000_00;

/**
 * 分 from a yuan amount as typed: "350", "350.5", "350.50", "1,200.00", "¥1200". Null when it is
 * not an amount (letters, a third decimal, negative, beyond MAX_FEN).
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/,/g, '').trim();
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_FEN ? fen : null;
}

/** "350.50" (no currency sign, no separators): for forms and files. */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`not an amount in 分: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "¥1,200.50": for screens and printed sheets. */
export function formatFen(fen: number): string {
  const [whole, cents] = fenToYuanText(fen).split('.') as [string, string];
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${digits}.${cents}`;
}

/** "1,200.50": amounts in a table whose header already says 元. */
export function formatYuan(fen: number): string {
  return formatFen(fen).replace('¥', '');
}

/** A non-negative amount not yet rounded to 分: num / den 分, exactly (a prorated wage, a piece total). */
export interface Fraction {
  num: bigint;
  den: bigint;
}

export function fraction(num: number | bigint, den: number | bigint = 1): Fraction {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d <= 0n || n < 0n) throw new Error(`not a non-negative amount: ${n}/${d}`);
  return { num: n, den: d };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function addFractions(a: Fraction, b: Fraction): Fraction {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/** Rounded half up to a whole 分. */
export function roundFen(f: Fraction): number {
  return Number((f.num * 2n + f.den) / (2n * f.den));
}

/**
 * Each amount rounded to 分 so that they add up to their exact sum rounded half up: every amount is
 * rounded down, and the 分 still missing go to the amounts that lost the most (largest remainder;
 * between equal remainders, the earlier amount). A ledger's rows then add up to its total exactly.
 */
export function allocateFen(parts: readonly Fraction[]): number[] {
  const floors = parts.map((p) => p.num / p.den);
  const total = parts.reduce<Fraction>((sum, p) => addFractions(sum, p), { num: 0n, den: 1n });
  let missing = BigInt(roundFen(total)) - floors.reduce((a, b) => a + b, 0n);
  const byRemainder = parts.map((p, i) => ({ i, rem: p.num % p.den, den: p.den }))
    .filter((r) => r.rem > 0n)
    // a/b > c/d ⇔ a·d > c·b; a stable sort keeps the earlier first among equals.
    .sort((x, y) => {
      const left = x.rem * y.den;
      const right = y.rem * x.den;
      return left === right ? 0 : left > right ? -1 : 1;
    });
  const out = floors.map(Number);
  for (const r of byRemainder) {
    if (missing <= 0n) break;
    out[r.i]! += 1;
    missing -= 1n;
  }
  return out;
}

/** 工作量 in thousandths of its unit, from the text typed: "12", "12.5", "0.125". Null when not a quantity. */
export function parseQuantity(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** "12.5" from 12500 thousandths: no trailing zeros. */
export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const rest = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : String(whole);
}
