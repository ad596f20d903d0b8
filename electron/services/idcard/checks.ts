// What the app checks on every card it reads: the number's check character (GB 11643), that the
// birth date and sex inside the number agree with the card's own fields, and the validity dates
// against the service clock. A reader that garbles a field, or a card that is not what it claims,
// must not fill a form with a person who does not exist.
import type { IdCard } from '../../common/idcard';
import { computeCheckCharacter, parseIdNumber } from '../../common/idnumber';
import type { CardChecks } from '../../common/contract-idcard';

export function checkCard(card: IdCard, today: string): CardChecks {
  const problems: string[] = [];
  const warnings: string[] = [];
  let idNumberValid: boolean | null = null;
  let birthDateMatches: boolean | null = null;
  let sexMatches: boolean | null = null;

  const compare = (birthDate: string, sex: '男' | '女' | null) => {
    birthDateMatches = birthDate === card.birthDate;
    if (!birthDateMatches) problems.push(`证件号码中的出生日期 ${birthDate} 与证件上的出生日期 ${card.birthDate} 不一致`);
    if (sex !== null) {
      sexMatches = sex === card.sex;
      if (!sexMatches) problems.push(`证件号码表示的性别(${sex})与证件上的性别(${card.sex})不一致`);
    }
  };

  if (card.cardType === 'resident' || card.cardType === 'hkmotw') {
    const parsed = parseIdNumber(card.idNumber, { today });
    idNumberValid = parsed.ok && parsed.value.idNumber === card.idNumber.toUpperCase() && !parsed.value.converted15;
    if (!parsed.ok) problems.push(`证件号码无效:${parsed.error.message}`);
    else if (!idNumberValid) problems.push('证件号码应为18位');
    else compare(parsed.value.birthDate, parsed.value.sex);
  } else if (card.cardType === 'foreigner2023') {
    // 2023 永居证: 18 characters starting with 9, same check character, birth date and sex digit.
    const n = card.idNumber.toUpperCase();
    idNumberValid = /^9\d{16}[\dX]$/.test(n) && computeCheckCharacter(n.slice(0, 17)) === n[17];
    if (!idNumberValid) problems.push('永久居留身份证号码无效(校验位错误或格式不对)');
    else compare(`${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`, Number(n[16]) % 2 === 1 ? '男' : '女');
  } else {
    // 2017 永居证: 3-letter nationality, 2-digit area, 2 digits, YYMMDD, 2 digits; no check character.
    const m = /^[A-Z]{3}\d{4}(\d{2})(\d{2})(\d{2})\d{2}$/.exec(card.idNumber.toUpperCase());
    if (m) {
      const sameDay = card.birthDate.slice(2) === `${m[1]}-${m[2]}-${m[3]}`;
      birthDateMatches = sameDay;
      if (!sameDay) problems.push(`永久居留身份证号码中的出生日期与证件上的出生日期 ${card.birthDate} 不一致`);
    }
  }

  const expired = card.validTo !== '长期' && card.validTo < today;
  const notYetValid = card.validFrom > today;
  if (expired) warnings.push(`证件已过期(有效期至 ${card.validTo})`);
  if (notYetValid) warnings.push(`证件尚未生效(有效期自 ${card.validFrom} 起)`);
  return { idNumberValid, birthDateMatches, sexMatches, expired, notYetValid, problems, warnings };
}
