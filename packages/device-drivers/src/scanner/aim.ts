// AIM symbology identifiers ("]" + code character + modifier), as scanners prefix them (DEVICES.md §4.2).
export interface AimSymbology {
  readonly name: string;
  /** The data is GS1 element strings (FNC1 in first position). */
  readonly gs1: boolean;
}

export const AIM_SYMBOLOGIES: Readonly<Record<string, AimSymbology>> = {
  ']C0': { name: 'Code 128', gs1: false },
  ']C1': { name: 'GS1-128', gs1: true },
  ']d1': { name: 'Data Matrix', gs1: false },
  ']d2': { name: 'GS1 DataMatrix', gs1: true },
  ']Q1': { name: 'QR Code', gs1: false },
  ']Q3': { name: 'GS1 QR Code', gs1: true },
  ']e0': { name: 'GS1 DataBar / composite', gs1: true },
  ']E0': { name: 'EAN-13 / UPC-A', gs1: false },
  ']E4': { name: 'EAN-8', gs1: false },
  ']J0': { name: 'DotCode', gs1: false },
  ']J1': { name: 'GS1 DotCode', gs1: true },
  ']A0': { name: 'Code 39', gs1: false },
  ']I0': { name: 'Interleaved 2 of 5', gs1: false },
  ']L2': { name: 'PDF417', gs1: false },
};

export interface AimSplit {
  /** e.g. "]d2"; undefined when the data has no AIM prefix. */
  readonly symbology?: string;
  readonly name?: string;
  readonly gs1: boolean;
  readonly data: string;
}

export function splitAimPrefix(text: string): AimSplit {
  if (!/^\][A-Za-z][0-9A-Za-z]/.test(text)) return { gs1: false, data: text };
  const symbology = text.slice(0, 3);
  const known = AIM_SYMBOLOGIES[symbology];
  return known ? { symbology, name: known.name, gs1: known.gs1, data: text.slice(3) } : { symbology, gs1: false, data: text.slice(3) };
}
