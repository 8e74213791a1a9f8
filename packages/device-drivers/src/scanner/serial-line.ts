// A serial (RS-232 / CDC-ACM) scanner line: optional AIM prefix + data + CR (or CR LF) suffix.
import { splitAimPrefix, type AimSplit } from './aim.js';

export type ScannerLineRead = ({ readonly ok: true } & AimSplit) | { readonly ok: false; readonly code: 'empty-scan'; readonly message: string };

export function decodeScannerLine(line: string): ScannerLineRead {
  // Power-up noise (NUL, 0xFF) and XON/XOFF are never part of a barcode.
  const body = line.replace(/[\r\n]+$/, '').replace(/^[\x00\x11\x13\xff]+/, ''); // eslint-disable-line no-control-regex
  const split = splitAimPrefix(body);
  if (split.data === '') return { ok: false, code: 'empty-scan', message: `scanner sent no data: ${JSON.stringify(line)}` };
  return { ok: true, ...split };
}
