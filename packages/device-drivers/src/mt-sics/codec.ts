// MT-SICS codec: pure text <-> typed replies (DEVICES.md §1). Tokenised on whitespace, never on columns.
import { parseDecimal, type ExactDecimal } from '../decimal.js';

export const MT_SICS_STATUSES = ['A', 'B', 'S', 'D', 'I', 'L', '+', '-'] as const;
export type MtSicsStatus = (typeof MT_SICS_STATUSES)[number];
export const MT_SICS_GENERAL_ERRORS = ['ES', 'ET', 'EL', 'EI'] as const;
export type MtSicsGeneralError = (typeof MT_SICS_GENERAL_ERRORS)[number];

/** Reply IDs whose data is a weight value and unit (S/SI/SIR/SC answer with ID 'S'). */
const WEIGHT_IDS = new Set(['S', 'T', 'TI', 'TA', 'SU', 'SIU', 'SC']);

export type MtSicsReply =
  | { kind: 'general-error'; code: MtSicsGeneralError }
  | { kind: 'weight'; id: string; status: MtSicsStatus; value: ExactDecimal; unit: string }
  | { kind: 'weight-error'; id: string; status: MtSicsStatus; errorCode: number; location: 't' | 'b' | ''; text: string }
  | { kind: 'status'; id: string; status: MtSicsStatus }
  | { kind: 'data'; id: string; status: MtSicsStatus; fields: string[] };

export type ParseResult = { ok: true; reply: MtSicsReply } | { ok: false; code: 'syntax-error'; message: string };

const COMMAND_NAME = /^(@|[A-Z][A-Z0-9]*)$/;

/** Encodes one command line; text parameters are quoted, numbers and units passed as given. */
export function encodeCommand(command: string, params: readonly (string | { text: string })[] = []): string {
  if (!COMMAND_NAME.test(command)) throw new RangeError(`MT-SICS command name must be uppercase letters/digits or '@', got ${JSON.stringify(command)}`);
  const parts = [command];
  for (const param of params) {
    if (typeof param === 'string') {
      if (param === '' || /[\s"]/.test(param)) throw new RangeError(`MT-SICS parameter ${JSON.stringify(param)} must be one token; pass { text } for a quoted string`);
      parts.push(param);
    } else {
      if (/["\r\n]/.test(param.text)) throw new RangeError(`MT-SICS text parameter may not contain quotes or line breaks: ${JSON.stringify(param.text)}`);
      parts.push(`"${param.text}"`);
    }
  }
  return parts.join(' ') + '\r\n';
}

/** The reply ID a command's answer carries: SI/SIR/SC/S answer 'S', '@' answers 'I4'. */
export function responseIdFor(command: string): string {
  if (command === '@') return 'I4';
  if (command === 'SI' || command === 'SIR' || command === 'SC' || command === 'SR') return 'S';
  return command;
}

/** Splits on whitespace; a double-quoted string is one token (quotes removed). */
export function tokenize(line: string): { ok: true; tokens: string[]; quoted: boolean[] } | { ok: false; message: string } {
  const tokens: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return { ok: false, message: 'unterminated quoted string' };
      tokens.push(line.slice(i + 1, end));
      quoted.push(true);
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < line.length && !/\s/.test(line[end]!) && line[end] !== '"') end++;
    tokens.push(line.slice(i, end));
    quoted.push(false);
    i = end;
  }
  return { ok: true, tokens, quoted };
}

function isStatus(token: string | undefined): token is MtSicsStatus {
  return token !== undefined && (MT_SICS_STATUSES as readonly string[]).includes(token);
}

function syntaxError(line: string, reason: string): ParseResult {
  return { ok: false, code: 'syntax-error', message: `MT-SICS reply ${JSON.stringify(line)} is not valid: ${reason}` };
}

/** Parses one framed reply line (terminator already removed). */
export function parseReply(line: string): ParseResult {
  const tokenized = tokenize(line);
  if (!tokenized.ok) return syntaxError(line, tokenized.message);
  const { tokens } = tokenized;
  const id = tokens[0];
  if (id === undefined) return syntaxError(line, 'empty line');
  if (tokenized.quoted[0] === true || !COMMAND_NAME.test(id)) return syntaxError(line, `reply ID ${JSON.stringify(id)} is not a command name`);
  if ((MT_SICS_GENERAL_ERRORS as readonly string[]).includes(id)) {
    if (tokens.length > 1) return syntaxError(line, `general error ${id} carries no data`);
    return { ok: true, reply: { kind: 'general-error', code: id as MtSicsGeneralError } };
  }
  const status = tokens[1];
  if (!isStatus(status)) return syntaxError(line, status === undefined ? 'no status after the reply ID' : `unknown status ${JSON.stringify(status)}`);
  const data = tokens.slice(2);
  if (data.length === 0) return { ok: true, reply: { kind: 'status', id, status } };

  if (WEIGHT_IDS.has(id) && (status === 'S' || status === 'D' || status === 'A')) {
    if (data[0] === 'Error') {
      const match = /^(\d{1,3})([tb]?)$/.exec(data[1] ?? '');
      if (match === null || data.length !== 2) return syntaxError(line, 'weight error must be "Error <code>[t|b]"');
      const location = match[2] === 't' || match[2] === 'b' ? match[2] : '';
      return { ok: true, reply: { kind: 'weight-error', id, status, errorCode: Number(match[1]), location, text: data.join(' ') } };
    }
    // A sign may stand apart from its digits ('-   0.12'); join it back before parsing.
    let valueText = data[0]!;
    let unitIndex = 1;
    if ((valueText === '-' || valueText === '+') && data.length >= 2) {
      valueText += data[1];
      unitIndex = 2;
    }
    const value = /^[+-]?\d+(\.\d+)?$/.test(valueText) ? parseDecimal(valueText) : null;
    if (value === null) return syntaxError(line, `weight value ${JSON.stringify(valueText)} is not a decimal number`);
    const unit = data[unitIndex];
    if (unit === undefined) return syntaxError(line, 'weight value has no unit');
    if (data.length > unitIndex + 1) return syntaxError(line, `unexpected data after the unit: ${JSON.stringify(data.slice(unitIndex + 1).join(' '))}`);
    if (!/^[A-Za-z%°µ][A-Za-z0-9/%°µ]{0,4}$/.test(unit)) return syntaxError(line, `unit ${JSON.stringify(unit)} is not a unit`);
    return { ok: true, reply: { kind: 'weight', id, status, value, unit } };
  }
  return { ok: true, reply: { kind: 'data', id, status, fields: data } };
}

/** I2 carries one quoted string "<type> <capacity> <unit>"; parse it from the right. */
export function parseBalanceData(fields: readonly string[]): { model: string; capacity?: string } {
  const text = fields.join(' ').trim();
  const tokens = text.split(/\s+/);
  if (tokens.length >= 3 && parseDecimal(tokens[tokens.length - 2] ?? '') !== null) {
    const unit = tokens[tokens.length - 1]!;
    const capacity = tokens[tokens.length - 2]!;
    return { model: tokens.slice(0, -2).join(' '), capacity: `${capacity} ${unit}` };
  }
  return { model: text };
}

/** Meaning of the weigh-module error codes of "S S Error nn[t|b]" (DEVICES.md §1.2). */
export function weightErrorMeaning(code: number): string {
  const meanings: Record<number, string> = {
    1: 'boot error',
    2: 'brand error',
    3: 'checksum error',
    9: 'option fail',
    10: 'EEPROM error',
    11: 'device mismatch',
    12: 'hot plug out',
    14: 'weight module / electronics mismatch',
    15: 'adjustment needed',
  };
  return meanings[code] ?? `error ${code}`;
}
