// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet, the last a check
// character over the first 17.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function checkCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** A whole code from its first 17 characters (for sample data). */
export function completeCreditCode(first17: string): string {
  const check = checkCharacter(first17);
  if (first17.length !== 17 || !check) throw new Error(`not the first 17 characters of a credit code: ${first17}`);
  return first17 + check;
}

export function creditCodeError(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码应为18位,当前为${code.length}位`;
  const bad = [...code].findIndex((c) => !ALPHABET.includes(c));
  if (bad >= 0) return `统一社会信用代码第${bad + 1}位字符“${code[bad]}”无效`;
  const expected = checkCharacter(code.slice(0, 17))!;
  if (code[17] !== expected) return `统一社会信用代码校验位错误:应为 ${expected},实际为 ${code[17]}`;
  return null;
}
