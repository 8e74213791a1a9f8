// USB HID POS (usage page 0x8C) 64-byte input reports: ID 0x02, length, 3-byte AIM, data ≤ 56,
// vendor code-ID, reserved, continuation flag (bit 0 of the last byte). WebHID strips the report ID.
import { splitAimPrefix } from './aim.js';

export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_MAX_DATA = 56;

/** Access-IS counts the data bytes; the WebHID reference code reads length-1. Vendors differ: pluggable. */
export type HidPosLengthRule = 'data-bytes' | 'length-minus-one' | ((lengthByte: number) => number);

export interface HidPosOptions {
  /** node-hid keeps the report ID as byte 0; WebHID does not. Default true. */
  readonly reportIdPresent?: boolean;
  readonly lengthRule?: HidPosLengthRule;
}

export type HidPosReport =
  | { readonly ok: true; readonly aim?: string; readonly data: string; readonly codeId: number; readonly more: boolean }
  | { readonly ok: false; readonly code: 'wrong-report-id' | 'short-report'; readonly message: string };

export function decodeHidPosReport(report: Uint8Array, options: HidPosOptions = {}): HidPosReport {
  const shift = options.reportIdPresent === false ? -1 : 0;
  const size = 64 + shift;
  if (report.length < size) return { ok: false, code: 'short-report', message: `HID POS report has ${report.length} bytes, ${size} expected` };
  if (shift === 0 && report[0] !== HID_POS_REPORT_ID) {
    return { ok: false, code: 'wrong-report-id', message: `HID POS report ID is 0x${(report[0] ?? 0).toString(16).padStart(2, '0')}, 0x02 expected` };
  }
  const at = (offset: number) => report[offset + shift] ?? 0;
  const wanted = dataLength(at(1), options.lengthRule ?? 'data-bytes');
  let end = 5 + shift + wanted;
  while (end > 5 + shift && report[end - 1] === 0) end--; // 0x00 padding is never barcode data
  const data = latin1(report.subarray(5 + shift, end));
  const aimText = latin1(report.subarray(2 + shift, 5 + shift));
  const aim = splitAimPrefix(aimText).symbology;
  return { ok: true, ...(aim ? { aim } : {}), data, codeId: at(61), more: (at(63) & 0x01) === 1 };
}

function dataLength(lengthByte: number, rule: HidPosLengthRule): number {
  const n = rule === 'data-bytes' ? lengthByte : rule === 'length-minus-one' ? lengthByte - 1 : rule(lengthByte);
  return Number.isInteger(n) ? Math.max(0, Math.min(HID_POS_MAX_DATA, n)) : 0;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export type HidPosScanEvent =
  | { readonly kind: 'scan'; readonly symbology?: string; readonly data: string; readonly codeId: number }
  | { readonly kind: 'error'; readonly code: 'wrong-report-id' | 'short-report' | 'scan-too-long'; readonly message: string };

export interface HidPosAssembler {
  /** Returns a scan when a report without the continuation flag completes one. */
  push(report: Uint8Array): HidPosScanEvent | null;
  reset(): void;
  /** Data bytes held for the scan in progress; never more than maxBytes. */
  pending(): number;
  /** The scan in progress as held so far: its AIM prefix and data ('' when none). */
  partial(): string;
}

export function createHidPosAssembler(options: HidPosOptions & { maxBytes?: number } = {}): HidPosAssembler {
  const maxBytes = options.maxBytes ?? 4096;
  let parts = '';
  let first: { aim?: string; codeId: number } | null = null;
  let discarding = false;
  return {
    push(report) {
      const decoded = decodeHidPosReport(report, options);
      if (!decoded.ok) return { kind: 'error', code: decoded.code, message: decoded.message };
      if (discarding) {
        if (!decoded.more) discarding = false; // the over-long scan ends here; it was reported
        return null;
      }
      first ??= { ...(decoded.aim ? { aim: decoded.aim } : {}), codeId: decoded.codeId };
      if (parts.length + decoded.data.length > maxBytes) {
        parts = '';
        first = null;
        discarding = decoded.more;
        return { kind: 'error', code: 'scan-too-long', message: `HID POS scan exceeded ${maxBytes} bytes across continued reports; dropped` };
      }
      parts += decoded.data;
      if (decoded.more) return null;
      const scan: HidPosScanEvent = { kind: 'scan', ...(first.aim ? { symbology: first.aim } : {}), data: parts, codeId: first.codeId };
      parts = '';
      first = null;
      return scan;
    },
    reset() {
      parts = '';
      first = null;
      discarding = false;
    },
    pending: () => parts.length,
    partial: () => (first?.aim ?? '') + parts,
  };
}
