// How a stored signature prints on a form: the signer in their position, the date, the verdict.
import type { SignatureView } from '../../common/contract-parties';
import type { Position } from '../../common/parties/positions';
import { positionLabels } from '../../common/parties/positions';

export function signatureText(g: SignatureView | undefined): string {
  if (!g) return '';
  const recorded = g.recordedByName ? `(${g.recordedByName}录入)` : '';
  return `${g.signerName}  ${g.signedOn}${g.verdict ? `  ${g.verdict}` : ''}${recorded}`;
}

/** One line per position: "专业监理工程师:李四  2024-05-20  合格", or the position with a blank to sign. */
export function signatureLines(signatures: SignatureView[], wanted: readonly Position[]): [string, string][] {
  return wanted.map((p) => [positionLabels[p], signatureText(signatures.find((g) => g.position === p)) || '(未签)']);
}
