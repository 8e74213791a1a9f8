// ZPL II for a 100 × 150 mm label on a 203 dpi (8 dots/mm) Zebra-type printer: the human-readable lines,
// one GS1 DataMatrix with every element, and GS1-128 symbols with their interpretation lines.
// FNC1 per GS1: ^BC starts with >; (code C) >8 (FNC1 in first position) and writes >8 where a
// variable-length element needs a separator; ^BX names # its escape character and writes #1 for FNC1.
import { encodeElementString } from '../gs1/encode.js';
import { GS } from '../gs1/element-string.js';
import { bracketed, gs1128Symbols } from './symbols.js';
import type { LabelSpec } from './types.js';

export const ZPL_DOTS_PER_MM = 8;
export const LABEL_WIDTH_DOTS = 800;
export const LABEL_HEIGHT_DOTS = 1200;
/** The ^BX escape character: not in GS1 character set 82, so it never occurs in a GS1 value. */
export const DATAMATRIX_ESCAPE = '#';

/** Text for ^FD under ^FH\: the three characters ZPL reads as commands or escapes are written as hex. */
function fieldText(text: string): string {
  return text.replace(/[\\^~]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** ^BC field data: FNC1 first, >8 for each GS, and a literal '>' written as '><' (ZPL's escape for it). */
export function gs1128FieldData(data: string): string {
  return `>;>8${data.replace(/>/g, '><').split(GS).join('>8')}`;
}

/** ^BX field data with escape #: FNC1 first, #1 for each GS. */
export function dataMatrixFieldData(data: string): string {
  return `${DATAMATRIX_ESCAPE}1${data.split(GS).join(`${DATAMATRIX_ESCAPE}1`)}`;
}

export function labelZpl(spec: LabelSpec, copies = 1): string {
  const lines: string[] = ['^XA', '^CI28', `^PW${LABEL_WIDTH_DOTS}`, `^LL${LABEL_HEIGHT_DOTS}`, '^LH0,0'];
  let y = 40;
  if (spec.copyNo !== undefined) {
    // A reprint is unmistakable: COPY in white on a black bar across the top.
    lines.push(`^FO30,${y}^GB740,90,90^FS`, `^FO60,${y + 15}^A0N,70,70^FR^FDCOPY ${spec.copyNo}^FS`);
    y += 120;
  }
  for (const [i, text] of spec.humanReadable.filter((t) => !/^COPY \d+$/.test(t)).entries()) {
    const size = i === 0 ? 48 : 34;
    lines.push(`^FO40,${y}^A0N,${size},${size}^FB720,1,0,L^FH\\^FD${fieldText(text)}^FS`);
    y += size + 16;
  }
  y += 10;
  lines.push(
    `^FO40,${y}^BXN,8,200,,,,${DATAMATRIX_ESCAPE}^FD${dataMatrixFieldData(encodeElementString(spec.elements))}^FS`,
  );
  y += 330;
  for (const symbol of gs1128Symbols(spec.elements)) {
    lines.push(`^FO40,${y}^BY2,3,140^BCN,140,N,N,N,A^FD${gs1128FieldData(encodeElementString(symbol))}^FS`);
    lines.push(`^FO40,${y + 150}^A0N,28,28^FB720,1,0,C^FD${fieldText(bracketed(symbol))}^FS`);
    y += 210;
  }
  lines.push(`^PQ${copies}`, '^XZ');
  return lines.join('\n') + '\n';
}
