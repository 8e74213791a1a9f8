// Reads back what a ZPL label carries: each ^XA…^XZ format, its GS1 barcodes (as element strings with GS)
// and its text fields. The printer simulator stores labels through it, and the tests decode our own ZPL
// with our own GS1 parser. Not a ZPL interpreter: it knows the commands labelZpl writes.
import { GS } from '../gs1/element-string.js';

export interface ZplBarcode {
  readonly symbology: 'gs1-128' | 'gs1-datamatrix' | 'other';
  /** GS1 element string (GS between elements), FNC1 in first position removed; raw field data for 'other'. */
  readonly data: string;
}

export interface ZplFormat {
  readonly zpl: string;
  readonly barcodes: readonly ZplBarcode[];
  readonly texts: readonly string[];
}

const FIELD = /\^(B[A-Z0-9])([^\^]*)\^FD([\s\S]*?)\^FS|\^FH(.?)\^FD([\s\S]*?)\^FS|\^FD([\s\S]*?)\^FS/g;

function unhex(text: string, indicator: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === indicator && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(text[i]!));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function gs1128Data(field: string): ZplBarcode {
  // >; >: >9 pick code sets; >8 is FNC1; >< is a literal '>'.
  let out = '';
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '>' && i + 1 < field.length) {
      const code = field[++i];
      if (code === '8') out += GS;
      else if (code === '<') out += '>';
      continue;
    }
    out += field[i];
  }
  if (!out.startsWith(GS)) return { symbology: 'other', data: field };
  return { symbology: 'gs1-128', data: out.slice(1) };
}

function dataMatrixData(params: string, field: string): ZplBarcode {
  const escape = params.split(',')[6] || '~';
  const fnc1 = `${escape}1`;
  if (!field.startsWith(fnc1)) return { symbology: 'other', data: field };
  return { symbology: 'gs1-datamatrix', data: field.slice(fnc1.length).split(fnc1).join(GS) };
}

export function readZpl(text: string): ZplFormat[] {
  const formats: ZplFormat[] = [];
  for (const match of text.matchAll(/\^XA([\s\S]*?)\^XZ/g)) {
    const body = match[1] ?? '';
    const barcodes: ZplBarcode[] = [];
    const texts: string[] = [];
    for (const field of body.matchAll(FIELD)) {
      if (field[1] !== undefined) {
        const data = field[3] ?? '';
        if (field[1] === 'BC') barcodes.push(gs1128Data(data));
        else if (field[1] === 'BX') barcodes.push(dataMatrixData(field[2] ?? '', data));
        else barcodes.push({ symbology: 'other', data });
      } else if (field[5] !== undefined) {
        texts.push(unhex(field[5], field[4] || '_'));
      } else if (field[6] !== undefined) {
        texts.push(field[6]);
      }
    }
    formats.push({ zpl: match[0], barcodes, texts });
  }
  return formats;
}
