export { AIM_SYMBOLOGIES, splitAimPrefix, type AimSplit, type AimSymbology } from './aim.js';
export { decodeScannerLine, type ScannerLineRead } from './serial-line.js';
export {
  createHidPosAssembler,
  decodeHidPosReport,
  HID_POS_MAX_DATA,
  HID_POS_REPORT_ID,
  type HidPosAssembler,
  type HidPosLengthRule,
  type HidPosOptions,
  type HidPosReport,
  type HidPosScanEvent,
} from './hid-pos.js';
export { createWedgeDetector, type WedgeDecision, type WedgeDetector, type WedgeKey, type WedgeOptions } from './keyboard-wedge.js';
