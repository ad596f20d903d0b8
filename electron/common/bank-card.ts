// 工资卡 numbers: digits only, 12 to 19 of them. Most UnionPay debit cards pass the Luhn check; a
// number that fails is kept with a warning (some banks' cards and passbook accounts do not follow it).

/** The number without spaces and dashes, as people copy it off a card. */
export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function cardNumberError(cardNo: string): string | null {
  if (!/^\d+$/.test(cardNo)) return '卡号只能包含数字';
  if (cardNo.length < 12 || cardNo.length > 19) return `卡号应为12至19位数字,当前为${cardNo.length}位`;
  return null;
}

export function passesLuhn(cardNo: string): boolean {
  let sum = 0;
  for (let i = 0; i < cardNo.length; i++) {
    let d = cardNo.charCodeAt(cardNo.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const LUHN_WARNING = '卡号未通过银联卡号校验(Luhn),请核对卡号;确认无误仍可保存';

/** The first 4 and last 4 digits: 6222 **** **** 1234 → 6222********1234. */
export function maskCardNumber(cardNo: string): string {
  if (cardNo.length <= 8) return cardNo.replace(/\d(?=\d{4})/g, '*');
  return `${cardNo.slice(0, 4)}${'*'.repeat(cardNo.length - 8)}${cardNo.slice(-4)}`;
}
