export type { LabelSpec } from './types.js';
export { GS1_128_MAX_DATA } from './types.js';
export { bracketed, gs1128Symbols } from './symbols.js';
export {
  labelZpl,
  gs1128FieldData,
  dataMatrixFieldData,
  DATAMATRIX_ESCAPE,
  LABEL_WIDTH_DOTS,
  LABEL_HEIGHT_DOTS,
} from './zpl.js';
export { readZpl, type ZplBarcode, type ZplFormat } from './zpl-read.js';
export { labelSvg, labelPng, gs1DataMatrixSvg, gs1128Svgs } from './render.js';
