// What a dispensed container's label says: the GS1 element string (SSCC, GTIN, expiry, net weight, lot)
// and the human-readable lines (material, order and batch, lot, expiry, net, SSCC). Rendering to barcodes
// and ZPL is device-drivers' job; this decides the content.
import { convertMass, type MassUnit } from '../decimal/quantity.js';
import { decimalPlaces, parseDecimal, round, toString, type Decimal } from '../decimal/decimal.js';
import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';
import { gs1Mod10 } from './gs1-check-digit.js';
import { parseSscc, SSCC_REFUSAL_CODES } from './sscc.js';

export const LABEL_REFUSAL_CODES = [
  ...SSCC_REFUSAL_CODES,
  'label-bad-gtin',
  'label-bad-lot',
  'label-bad-expiry',
  'label-bad-net',
  'label-net-too-large',
] as const;
export type LabelRefusalCode = (typeof LABEL_REFUSAL_CODES)[number];

/** AI 310n carries at most 5 decimals in a 6-digit field. */
const MAX_310N_DECIMALS = 5;
/**
 * GS1 AI (10): 1–20 characters of GS1 character set 82, less the parentheses: the barcode library and the
 * printed interpretation line both write AIs in parentheses, so a lot carrying them would read ambiguously.
 */
const LOT_CSET82 = /^[!"%&'*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

export interface ContainerLabelInput {
  readonly sscc: string;
  readonly gtin: string;
  readonly lotId: string;
  /** ISO date `YYYY-MM-DD` of the lot's expiry. */
  readonly expiry: string;
  /** Net weight as the balance gave it, exact decimal text in `unit`. */
  readonly net: string;
  readonly unit: MassUnit;
  /** Readability d of the balance, in `unit`: decides the decimals of AI 310n. */
  readonly readability: string;
  readonly materialName: string;
  readonly orderId: string;
  readonly batchNumber: string;
  readonly containerNo: number;
  /** Set on a reprint: the label says COPY (with its number). */
  readonly copyNo?: number;
}

export interface LabelElement {
  readonly ai: string;
  readonly value: string;
}

export interface ContainerLabel {
  /** In carrying order: fixed-length AIs first and the lot (variable length) last, so no FNC1 separator is needed. */
  readonly elements: readonly LabelElement[];
  /** Net in kg as carried by 310n (rounded half-up to the decimals the AI can carry, when the balance reads finer). */
  readonly netKg: string;
  /** True when 310n carries fewer decimals than the balance's readability. */
  readonly netRounded: boolean;
  readonly humanReadable: readonly string[];
  readonly copyNo?: number;
}

/** The decimals 310n gets: the balance's readability in kg, at most 5, fewer when the value needs the digits. */
export function netWeightElement(
  net: Decimal,
  unit: MassUnit,
  readability: Decimal,
): Result<{ ai: string; value: string; netKg: Decimal; rounded: boolean }, LabelRefusalCode> {
  if (net.units <= 0n)
    return refuse(
      'label-bad-net',
      `The net weight ${toString(net)} ${unit} must be above zero to go on a label`,
    );
  const kg = convertMass(net, unit, 'kg');
  const wanted = Math.min(MAX_310N_DECIMALS, decimalPlaces(convertMass(readability, unit, 'kg')));
  for (let n = wanted; n >= 0; n--) {
    const carried = round(kg, n, 'half-up');
    if (carried.units < 1_000_000n)
      return accept({
        ai: `310${n}`,
        value: carried.units.toString().padStart(6, '0'),
        netKg: carried,
        rounded: n < decimalPlaces(kg),
      });
  }
  return refuse(
    'label-net-too-large',
    `The net weight ${toString(kg)} kg does not fit AI 310n (at most 999999 kg)`,
  );
}

function yymmdd(iso: string): string | undefined {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${m[2]}${m[3]}${m[4]}`;
}

/** The label of one dispensed container, or why it cannot be made (each reason names the field). */
export function containerLabel(input: ContainerLabelInput): Result<ContainerLabel, LabelRefusalCode> {
  const sscc = parseSscc(input.sscc);
  if (!sscc.ok) return sscc;
  if (!/^\d{14}$/.test(input.gtin) || gs1Mod10(input.gtin.slice(0, 13)) !== Number(input.gtin[13])) {
    return refuse(
      'label-bad-gtin',
      `The material's GTIN "${input.gtin}" is not 14 digits with a valid check digit`,
    );
  }
  if (!LOT_CSET82.test(input.lotId))
    return refuse(
      'label-bad-lot',
      `Lot "${input.lotId}" cannot go in AI (10): 1 to 20 letters, digits or GS1 punctuation other than parentheses`,
    );
  const expiry = yymmdd(input.expiry);
  if (expiry === undefined)
    return refuse('label-bad-expiry', `The lot's expiry "${input.expiry}" is not a date YYYY-MM-DD`);
  const net = parseDecimal(input.net);
  const readability = parseDecimal(input.readability);
  if (!net.ok) return refuse('label-bad-net', `The net weight "${input.net}" is not a decimal number`);
  if (!readability.ok)
    return refuse('label-bad-net', `The balance readability "${input.readability}" is not a decimal number`);
  const weight = netWeightElement(net.value, input.unit, readability.value);
  if (!weight.ok) return weight;
  const netKg = toString(weight.value.netKg);
  const copy = input.copyNo !== undefined ? [`COPY ${input.copyNo}`] : [];
  return accept({
    elements: [
      { ai: '00', value: input.sscc },
      { ai: '01', value: input.gtin },
      { ai: '17', value: expiry },
      { ai: weight.value.ai, value: weight.value.value },
      { ai: '10', value: input.lotId },
    ],
    netKg,
    netRounded: weight.value.rounded,
    humanReadable: [
      ...copy,
      input.materialName,
      `Order ${input.orderId} · Batch ${input.batchNumber}`,
      `Container ${input.containerNo} · Net ${netKg} kg`,
      `Lot ${input.lotId} · Exp ${input.expiry}`,
      `SSCC ${input.sscc}`,
    ],
    ...(input.copyNo !== undefined ? { copyNo: input.copyNo } : {}),
  });
}

/** The element string in parentheses form, `(00)…(01)…`, as printed under a barcode. */
export function labelElementText(elements: readonly LabelElement[]): string {
  return elements.map((e) => `(${e.ai})${e.value}`).join('');
}
