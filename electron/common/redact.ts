// Log lines never carry a full ID number: anything shaped like one is masked before it is written.
import { maskIdNumber } from './idnumber';

const ID_LIKE = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

export function redact(line: string): string {
  return line.replace(ID_LIKE, (m) => maskIdNumber(m));
}
