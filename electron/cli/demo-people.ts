// Deterministic sample people for the demo and the benchmark: valid ID numbers from real area
// codes, names from common surnames (and a few rare characters), 健康云 records to match.
import { computeCheckCharacter } from '../common/idnumber';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const givenParts = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰萍毅浩宇轩然俊峰建华志强海燕红梅国庆建国春花晓东鹏飞喆堃玥'.split('');

/** Where workers come from: 6-digit area codes with their province and city (6-digit) codes. */
export const origins = [
  { area: '320583', province: '320000', city: '320500' }, // 江苏 苏州 昆山
  { area: '341221', province: '340000', city: '341200' }, // 安徽 阜阳 临泉
  { area: '420106', province: '420000', city: '420100' }, // 湖北 武汉 武昌
  { area: '511381', province: '510000', city: '511300' }, // 四川 南充 阆中
  { area: '410522', province: '410000', city: '410500' }, // 河南 安阳
  { area: '362426', province: '360000', city: '360800' }, // 江西 吉安 泰和
  { area: '430524', province: '430000', city: '430500' }, // 湖南 邵阳 隆回
  { area: '370883', province: '370000', city: '370800' }, // 山东 济宁 邹城
] as const;

/** A small deterministic PRNG (mulberry32), so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SamplePerson {
  idNumber: string;
  name: string;
  phone: string;
  origin: (typeof origins)[number];
}

export function samplePerson(random: () => number, serial: number): SamplePerson {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const origin = pick(origins);
  const year = 1960 + Math.floor(random() * 42);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  // The serial makes every number unique; its parity is the sex.
  const sequence = String(serial % 1000).padStart(3, '0');
  const first17 = `${origin.area}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${sequence}`;
  const given = random() < 0.5 ? pick(givenParts) : pick(givenParts) + pick(givenParts);
  const phone = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
  return { idNumber: first17 + computeCheckCharacter(first17), name: pick(surnames) + given, phone, origin };
}
