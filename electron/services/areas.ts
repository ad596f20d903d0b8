// 出发地: provinces and cities from element-china-area-data (a maintained administrative-division
// package), stored as 6-digit codes with their names. The services own the table, so a name is
// never taken from the client.
import { provinceAndCityData } from 'element-china-area-data';
import { ApiError } from '../common/errors';

export interface Area {
  code: string;
  name: string;
  cities: { code: string; name: string }[];
}

const sixDigits = (code: string) => code.padEnd(6, '0');

let cached: Area[] | null = null;

export function areas(): Area[] {
  cached ??= provinceAndCityData.map((p) => ({
    code: sixDigits(p.value),
    name: p.label,
    cities: (p.children ?? []).map((c) => ({ code: sixDigits(c.value), name: c.label })),
  }));
  return cached;
}

export interface Origin {
  originProvinceCode: string;
  originProvince: string;
  originCityCode: string;
  originCity: string;
}

export function resolveOrigin(provinceCode: string, cityCode: string): Origin {
  const province = areas().find((p) => p.code === provinceCode);
  if (!province) throw new ApiError('VALIDATION', '请选择出发地省份', [{ path: 'origin.provinceCode', message: '请选择出发地省份' }]);
  const city = province.cities.find((c) => c.code === cityCode);
  if (!city) throw new ApiError('VALIDATION', '请选择出发地城市', [{ path: 'origin.cityCode', message: '请选择出发地城市' }]);
  return { originProvinceCode: province.code, originProvince: province.name, originCityCode: city.code, originCity: city.name };
}
