// `siteoffice idcard parse <file>`: a captured card, either the 256-byte text block or a whole SAM
// read response frame, printed as one JSON object. For a site's support staff checking what a
// reader sent, and for tests of the parser from outside.
import fs from 'node:fs';
import { decodeResponseFile, parseCardText, type IdCard } from '../common/idcard';

const usage = '用法:siteoffice idcard parse <文件>(256字节的身份证文字信息,或完整的 SAM 读卡应答帧)';

/** Largest file worth reading: a read response with a fingerprint is under 3 KB. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The card with the keys in the documented order; foreigner cards carry empty address/issuer. */
export function cardJson(card: IdCard): Record<string, string> {
  const head = { cardType: card.cardType, name: card.name, sex: card.sex };
  const nation: Record<string, string> = card.cardType === 'resident' ? { nationCode: card.nationCode, nation: card.nation } : {};
  const common = {
    birthDate: card.birthDate,
    address: 'address' in card ? card.address : '',
    idNumber: card.idNumber,
    issuer: card.issuer ?? '',
    validFrom: card.validFrom,
    validTo: card.validTo,
  };
  const extra: Record<string, string> = card.cardType === 'hkmotw'
    ? { passNumber: card.passNumber, issueCount: card.issueCount }
    : card.cardType === 'foreigner2017' || card.cardType === 'foreigner2023'
      ? { englishName: card.englishName, nationality: card.nationality }
      : {};
  return { ...head, ...nation, ...common, ...extra };
}

/** Runs `idcard <args>`; returns the exit code. */
export function idcardCli(argv: string[]): number {
  const [sub, file, ...more] = argv;
  if (sub !== 'parse' || file === undefined || file === '' || more.length > 0) {
    const why = sub === undefined ? '缺少子命令 parse' : sub !== 'parse' ? `未知的子命令:${sub}` : file === undefined || file === '' ? '缺少文件' : `多余的参数:${more.join(' ')}`;
    console.error(`错误:${why}\n${usage}`);
    return 1;
  }
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > MAX_FILE_BYTES) {
      console.error(`错误:文件 ${file} 过大(${stat.size} 字节),不是身份证文字信息或读卡应答`);
      return 1;
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : (e as Error).message;
    console.error(`错误:无法读取文件 ${file}:${why}`);
    return 1;
  }
  const decoded = decodeResponseFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!decoded.ok) {
    console.error(`错误:${decoded.error.message}`);
    return 1;
  }
  const parsed = parseCardText(decoded.text);
  if (!parsed.ok) {
    console.error(`错误:${parsed.error.message}`);
    return 1;
  }
  console.log(JSON.stringify(cardJson(parsed.card), null, 2));
  return 0;
}
