// Shared test data for the service and HTTP tests: valid ID numbers built with the real check
// character, and tiny but genuine PNG, JPEG and PDF files.
import { computeCheckCharacter } from '../../electron/common/idnumber';

/** A valid 18-character resident ID number from its first 17 digits. */
export function validId(first17: string): string {
  return first17 + computeCheckCharacter(first17);
}

/** The same first 17 digits with a check character that is not the right one. */
export function wrongCheckId(first17: string): { idNumber: string; expected: string; actual: string } {
  const expected = computeCheckCharacter(first17);
  const actual = expected === '0' ? '1' : '0';
  return { idNumber: first17 + actual, expected, actual };
}

export const OPERATOR = {
  idNumber: validId('31010419800101123'),
  name: '李玥',
  phone: '13911112222',
  password: 'op-pass-123',
};

export const OPERATOR_2 = {
  idNumber: validId('31010119850615432'),
  name: '张喆',
  phone: '13700001111',
  password: 'op-pass-456',
};

/** A complete 1×1 PNG (signature, IHDR, IDAT, IEND). */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal JPEG: SOI, an APP0/JFIF segment and EOI. */
export const JPEG_BYTES = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);

/** A minimal one-page PDF. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
  + '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n'
  + '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n'
  + 'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

export const EPIDEMIC_INFO = {
  teamMembers: [
    { name: '王建国', role: '组长', phone: '13800138000' },
    { name: '李玥', role: '副组长', phone: '021-63211234' },
  ],
  hospitalName: '上海市第九人民医院黄浦分院',
  hospitalAddress: '上海市黄浦区制造局路639号',
  hospitalPhone: '021-63138341',
  supplies: [
    { item: '医用口罩', quantity: 2000, unit: '只' },
    { item: '额温枪', quantity: 6, unit: '把' },
    { item: '消毒液', quantity: 0, unit: '升' },
  ],
  other: '工地入口设测温点,每日早晚两次消毒。',
};
