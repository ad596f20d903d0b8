// What the platform's messages mean for the user: the platform says what is wrong in its words,
// the screen adds what to fix and where (national-platform.md, §What the user sees).
import { answerCodes } from './protocol';

const rules: [RegExp, string][] = [
  [/签名|sign/i, 'AppSecret 与平台不符:在 设置 › 上报 重新填写平台发放的 AppSecret'],
  [/appid/i, 'AppID 不正确或未开通:在 设置 › 上报 核对平台发放的 AppID'],
  [/解密|加密/, '平台无法解密证件号码:在 设置 › 上报 核对 AppSecret'],
  [/班组.*(不存在|未上报)|teamSysNo/i, '该班组在平台上不存在:先上报其班组(立即上报会按顺序上报)'],
  [/参建单位.*(不存在|未上报)|corpCode/i, '该参建单位在平台上不存在:先上报参建单位(立即上报会按顺序上报)'],
  [/(人员|工人).*(不存在|未登记)/, '平台上没有该人员:先上报项目人员'],
  [/身份证|证件号码/, '平台不认可该证件号码:在 人员信息 核对身份证号,改正后会重新上报'],
  [/合同/, '日期在劳动合同期限之外:在 人员信息 核对劳动合同的起止日期'],
  [/工种|代码/, '平台不认可该代码:在 人员信息 或 参建单位 改选代码表中的值'],
  [/已存在|重复/, '平台上已有该记录:核对无误后可不再处理'],
  [/频繁/, '平台限制了请求频率:稍后会自动重试'],
];

export function hintFor(message: string, code: number | null = null): string {
  if (code === answerCodes.badSign) return rules[0]![1];
  if (code === answerCodes.badAppid) return rules[1]![1];
  return rules.find(([re]) => re.test(message))?.[1] ?? '按平台的提示修改该记录,改正后会重新上报;或点 重新上报';
}
