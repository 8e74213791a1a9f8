import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { hasValidCheckDigit } from '../gs1/check-digit.js';
import { encodeElementString, type Gs1ElementInput } from '../gs1/encode.js';
import { GS } from '../gs1/element-string.js';
import { labelPng, labelSvg, labelZpl, type LabelSpec } from '../label/index.js';
import { UsageError, type CliIo } from './io.js';

export const LABEL_FORMATS = ['zpl', 'png', 'svg'] as const;

export const LABEL_HELP = `lineside-devices label --sscc <18 digits> --gtin <14 digits> --lot <lot> --expiry <YYYY-MM-DD>
                       --net-kg <decimal> [--format zpl|png|svg] [--out <file>] [--copy <n>] [--text <line>]...
  Makes a container label for commissioning a printer: GS1 DataMatrix + GS1-128 with (00) SSCC, (01) GTIN,
  (17) expiry, (310n) net kg with as many decimals as given (at most 5), (10) lot. zpl (default) and svg go
  to stdout, or to --out; png (the DataMatrix) needs --out. With --out, stdout gets {"file", "data"}: data is
  the element string as 'lineside-devices gs1' reads it ({GS} for the separator). --text adds a
  human-readable line; --copy marks a reprint. Check digits, dates and lengths are checked before anything
  is written.`;

const LOT = /^[!"%&'*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

function isoToYymmdd(flag: string, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]))
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not a date YYYY-MM-DD`);
  return `${m[1]!.slice(2)}${m[2]}${m[3]}`;
}

function netElement(text: string): Gs1ElementInput {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m)
    throw new UsageError(
      `--net-kg ${JSON.stringify(text)} is not a decimal number of kg (digits and an optional point)`,
    );
  const decimals = m[2]?.length ?? 0;
  if (decimals > 5)
    throw new UsageError(`--net-kg ${text} has ${decimals} decimals; AI 310n carries at most 5`);
  const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 6)
    throw new UsageError(`--net-kg ${text} needs ${digits.length} digits; AI 310${decimals} carries 6`);
  if (/^0+$/.test(digits)) throw new UsageError('--net-kg must be above zero');
  return { ai: `310${decimals}`, value: digits.padStart(6, '0') };
}

export function labelSpecFromFlags(values: {
  sscc?: string;
  gtin?: string;
  lot?: string;
  expiry?: string;
  'net-kg'?: string;
  copy?: string;
  text?: string[];
}): LabelSpec {
  const required = ['sscc', 'gtin', 'lot', 'expiry', 'net-kg'] as const;
  const missing = required.filter((flag) => values[flag] === undefined);
  if (missing.length > 0)
    throw new UsageError(`missing ${missing.map((f) => `--${f}`).join(', ')} (see --help)`);
  const sscc = values.sscc!;
  const gtin = values.gtin!;
  const lot = values.lot!;
  if (!/^\d{18}$/.test(sscc)) throw new UsageError(`--sscc ${JSON.stringify(sscc)} must be 18 digits`);
  if (!hasValidCheckDigit(sscc)) throw new UsageError(`--sscc ${sscc} has a wrong check digit`);
  if (!/^\d{14}$/.test(gtin)) throw new UsageError(`--gtin ${JSON.stringify(gtin)} must be 14 digits`);
  if (!hasValidCheckDigit(gtin)) throw new UsageError(`--gtin ${gtin} has a wrong check digit`);
  if (!LOT.test(lot))
    throw new UsageError(
      `--lot ${JSON.stringify(lot)} must be 1 to 20 letters, digits or GS1 punctuation (no spaces or parentheses)`,
    );
  const expiry = isoToYymmdd('--expiry', values.expiry!);
  const net = netElement(values['net-kg']!);
  let copyNo: number | undefined;
  if (values.copy !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(values.copy))
      throw new UsageError(`--copy ${JSON.stringify(values.copy)} must be a whole number from 1`);
    copyNo = Number(values.copy);
  }
  const elements: Gs1ElementInput[] = [
    { ai: '00', value: sscc },
    { ai: '01', value: gtin },
    { ai: '17', value: expiry },
    net,
    { ai: '10', value: lot },
  ];
  return {
    elements,
    humanReadable: [
      ...(values.text ?? []),
      `Lot ${lot} · Exp ${values.expiry}`,
      `Net ${values['net-kg']} kg`,
      `SSCC ${sscc}`,
    ],
    ...(copyNo !== undefined ? { copyNo } : {}),
  };
}

export async function labelCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      sscc: { type: 'string' },
      gtin: { type: 'string' },
      lot: { type: 'string' },
      expiry: { type: 'string' },
      'net-kg': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      copy: { type: 'string' },
      text: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(LABEL_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const format = values.format ?? 'zpl';
  if (!(LABEL_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${JSON.stringify(format)} is not one of ${LABEL_FORMATS.join(', ')}`);
  if (format === 'png' && values.out === undefined)
    throw new UsageError('--format png needs --out <file> (a PNG is not written to a terminal)');
  const spec = labelSpecFromFlags(values);
  const body = format === 'zpl' ? labelZpl(spec) : format === 'svg' ? labelSvg(spec) : await labelPng(spec);
  if (values.out === undefined) {
    io.out(String(body).trimEnd());
    return 0;
  }
  await writeFile(values.out, body);
  io.out(
    JSON.stringify({
      file: values.out,
      format,
      data: encodeElementString(spec.elements).split(GS).join('{GS}'),
    }),
  );
  return 0;
}
