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
