// Realistic sample cards (fictitious people; ID numbers carry correct check characters) for the
// reader simulator, demos and tests. Pure TypeScript.

import type { Foreigner2017Card, Foreigner2023Card, HkMoTwCard, IdCard, ResidentCard } from './textblock'

export const RESIDENT_ZHANG: ResidentCard = {
  cardType: 'resident',
  name: '张喆',
  sex: '男',
  nationCode: '01',
  nation: '汉',
  birthDate: '1985-07-12',
  address: '上海市浦东新区张杨路1234弄5号601室',
  idNumber: '310115198507121231',
  issuer: '上海市公安局浦东分局',
  validFrom: '2015-03-01',
  validTo: '2035-03-01',
}

/** 长期 validity. */
export const RESIDENT_WANG: ResidentCard = {
  cardType: 'resident',
  name: '王堃',
  sex: '男',
  nationCode: '15',
  nation: '土家',
  birthDate: '1958-11-03',
  address: '湖南省吉首市乾州街道世纪大道88号',
  idNumber: '433101195811030017',
  issuer: '吉首市公安局',
  validFrom: '2012-06-18',
  validTo: '长期',
}

/** Born on 29 February; X-free number with an even sequence (female). */
export const RESIDENT_LI: ResidentCard = {
  cardType: 'resident',
  name: '李玥',
  sex: '女',
  nationCode: '01',
  nation: '汉',
  birthDate: '1996-02-29',
  address: '四川省成都市金牛区茶店子东街6号附3号',
  idNumber: '510107199602290246',
  issuer: '成都市公安局金牛区分局',
  validFrom: '2014-05-20',
  validTo: '2024-05-20',
}

export const PERMIT_CHAN: HkMoTwCard = {
  cardType: 'hkmotw',
  name: '陈嘉欣',
  sex: '女',
  birthDate: '1990-08-15',
  address: '上海市徐汇区漕溪北路88号',
  idNumber: '810000199008150022',
  issuer: '上海市公安局徐汇分局',
  validFrom: '2019-01-10',
  validTo: '2024-01-10',
  passNumber: 'H12345678',
  issueCount: '01',
}

export const FOREIGNER_2017_SMITH: Foreigner2017Card = {
  cardType: 'foreigner2017',
  name: '史密斯',
  sex: '男',
  birthDate: '1975-06-12',
  idNumber: 'USA310075061205',
  validFrom: '2018-04-10',
  validTo: '2028-04-10',
  englishName: 'SMITH, JOHN MICHAEL',
  nationality: 'USA',
  issuer: '3100',
}

/** English name longer than 35 characters: runs on into bytes 220-241. */
export const FOREIGNER_2023_RODRIGUEZ: Foreigner2023Card = {
  cardType: 'foreigner2023',
  name: '玛丽亚',
  sex: '女',
  birthDate: '1988-04-12',
  idNumber: '933100198804122023',
  validFrom: '2023-12-01',
  validTo: '2033-12-01',
  englishName: 'RODRIGUEZ GARCIA, MARIA FERNANDA ISABEL',
  nationality: 'ESP',
  issuer: '国家移民管理局',
}

export const SAMPLE_CARDS: readonly IdCard[] = [
  RESIDENT_ZHANG,
  RESIDENT_WANG,
  RESIDENT_LI,
  PERMIT_CHAN,
  FOREIGNER_2017_SMITH,
  FOREIGNER_2023_RODRIGUEZ,
]

/**
 * Deterministic pseudo-random bytes standing in for the 1024-byte WLT photo (which only a
 * vendor's licensed decoder can turn into an image). Different seeds give different photos.
 */
export function samplePhoto(seed = 1, length = 1024): Uint8Array {
  const photo = new Uint8Array(length)
  let x = (seed | 0) || 1
  for (let i = 0; i < length; i++) {
    // xorshift32
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    photo[i] = x & 0xff
  }
  return photo
}
