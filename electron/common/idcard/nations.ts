// 民族 codes, GB/T 3304-1991 "中国各民族名称的罗马字母拼写法和代码", as written on the
// second-generation resident ID card (two digits, e.g. "01"), plus the two codes the card
// issuing system adds: 97 其他 and 98 外国血统中国籍人士.
// Pure TypeScript without imports.

const NATION_ENTRIES = [
  ['01', '汉'],
  ['02', '蒙古'],
  ['03', '回'],
  ['04', '藏'],
  ['05', '维吾尔'],
  ['06', '苗'],
  ['07', '彝'],
  ['08', '壮'],
  ['09', '布依'],
  ['10', '朝鲜'],
  ['11', '满'],
  ['12', '侗'],
  ['13', '瑶'],
  ['14', '白'],
  ['15', '土家'],
  ['16', '哈尼'],
  ['17', '哈萨克'],
  ['18', '傣'],
  ['19', '黎'],
  ['20', '傈僳'],
  ['21', '佤'],
  ['22', '畲'],
  ['23', '高山'],
  ['24', '拉祜'],
  ['25', '水'],
  ['26', '东乡'],
  ['27', '纳西'],
  ['28', '景颇'],
  ['29', '柯尔克孜'],
  ['30', '土'],
  ['31', '达斡尔'],
  ['32', '仫佬'],
  ['33', '羌'],
  ['34', '布朗'],
  ['35', '撒拉'],
  ['36', '毛南'],
  ['37', '仡佬'],
  ['38', '锡伯'],
  ['39', '阿昌'],
  ['40', '普米'],
  ['41', '塔吉克'],
  ['42', '怒'],
  ['43', '乌孜别克'],
  ['44', '俄罗斯'],
  ['45', '鄂温克'],
  ['46', '德昂'],
  ['47', '保安'],
  ['48', '裕固'],
  ['49', '京'],
  ['50', '塔塔尔'],
  ['51', '独龙'],
  ['52', '鄂伦春'],
  ['53', '赫哲'],
  ['54', '门巴'],
  ['55', '珞巴'],
  ['56', '基诺'],
  ['97', '其他'],
  ['98', '外国血统中国籍人士'],
] as const

/** A two-digit 民族 code that appears in the table, e.g. "01". */
export type NationCode = (typeof NATION_ENTRIES)[number][0]

/** Code → name (without the suffix 族), e.g. "31" → "达斡尔". 58 entries. */
export const NATIONS: ReadonlyMap<string, string> = new Map<string, string>(NATION_ENTRIES)

/**
 * Normalises a code as found on a card or typed by a user ("1", "01", 1) to two digits.
 * Returns undefined when the input is not a one- or two-digit number.
 */
export function normalizeNationCode(code: string | number): string | undefined {
  let text: string
  if (typeof code === 'number') {
    if (!Number.isInteger(code) || code < 0 || code > 99) return undefined
    text = String(code)
  } else {
    text = code.trim()
  }
  if (!/^[0-9]{1,2}$/.test(text)) return undefined
  return text.padStart(2, '0')
}

/** The 民族 name for a code ("01" or 1 → "汉"), or undefined for a code not in the table. */
export function nationName(code: string | number): string | undefined {
  const normalized = normalizeNationCode(code)
  return normalized === undefined ? undefined : NATIONS.get(normalized)
}

/** True when the code (two digits) is in the table. */
export function isNationCode(code: string): code is NationCode {
  return NATIONS.has(code)
}

/** The code for a name ("汉" or "汉族" → "01"), or undefined. */
export function nationCodeOf(name: string): string | undefined {
  const trimmed = name.trim()
  for (const [code, entry] of NATIONS) {
    if (entry === trimmed || `${entry}族` === trimmed) return code
  }
  return undefined
}
