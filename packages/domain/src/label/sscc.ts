// SSCC (AI 00): extension digit + GS1 company prefix + serial reference + check digit = 18 digits.
//
// Allocation without a server round trip, unique per kiosk: the admin gives each station a label serial
// block in master data (`Station.labelSerialBlock`, unique within the site's company prefix). The serial
// reference is the block (3 digits) followed by the kiosk's own counter; the extension digit is the
// counter's most significant digit (GS1 lets the company use it to widen the serial reference). The
// counter is the kiosk's: the next one is one more than the highest SSCC of this prefix and block in the
// kiosk's own log, and a serial is used exactly when a record carrying it is committed (allocation and
// record are one transaction), so a crash can neither reuse nor skip-and-collide. Two stations never share
// a block, so no two kiosks can allocate the same SSCC while offline.
//
// One station's kiosk keys (the first, then each replacement enrolled for a wiped or broken PC) share its
// block in ten lanes, one per extension digit: key #n labels in lane (n − 1) mod 10. A kiosk wiped before
// its last containers synced took their serials with it; its replacement labels in another lane, so it can
// never print one of them again (the eleventh key is back in lane 0, after the highest serial the server
// knows). A full lane is refused: the admin gives the station a new block.
import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';
import { gs1Mod10 } from './gs1-check-digit.js';

export const SSCC_REFUSAL_CODES = [
  'sscc-bad-length',
  'sscc-not-digits',
  'sscc-bad-check-digit',
  'sscc-bad-company-prefix',
  'sscc-bad-block',
  'sscc-serials-exhausted',
] as const;
export type SsccRefusalCode = (typeof SSCC_REFUSAL_CODES)[number];

/** Digits of the station's block at the start of the serial reference: 1000 stations per company prefix. */
export const SSCC_BLOCK_DIGITS = 3;

export interface SsccParts {
  readonly extension: number;
  /** The digits after the extension digit and before the check digit (company prefix + serial reference). */
  readonly body: string;
  readonly checkDigit: number;
}

/** A GS1 company prefix is 4 to 12 digits; SSCC needs room for block + at least 3 counter digits. */
function checkCompanyPrefix(prefix: string): Result<string, SsccRefusalCode> {
  if (!/^\d{4,12}$/.test(prefix))
    return refuse('sscc-bad-company-prefix', `The GS1 company prefix "${prefix}" must be 4 to 12 digits`);
  if (prefix.length > 16 - SSCC_BLOCK_DIGITS - 3)
    return refuse(
      'sscc-bad-company-prefix',
      `The GS1 company prefix "${prefix}" is too long to leave a serial reference for ${SSCC_BLOCK_DIGITS}-digit station blocks (at most ${16 - SSCC_BLOCK_DIGITS - 3} digits)`,
    );
  return accept(prefix);
}

/** Counter digits in the serial reference for this prefix (the extension digit adds one more on top). */
export function ssccCounterDigits(companyPrefix: string): number {
  return 16 - companyPrefix.length - SSCC_BLOCK_DIGITS;
}

/** How many SSCCs one station block can issue under this prefix (extension digit 0–9 × counter). */
export function ssccCapacity(companyPrefix: string): number {
  return 10 * 10 ** ssccCounterDigits(companyPrefix);
}

export interface SsccAllocation {
  readonly companyPrefix: string;
  /** The station's label serial block, 0–999. */
  readonly block: number;
  /** The kiosk's counter, from 0: the n-th SSCC the station's kiosk issues. */
  readonly counter: number;
}

/** The SSCC for counter `counter` of `block` under `companyPrefix`: 18 digits with its check digit. */
export function allocateSscc({
  companyPrefix,
  block,
  counter,
}: SsccAllocation): Result<string, SsccRefusalCode> {
  const prefix = checkCompanyPrefix(companyPrefix);
  if (!prefix.ok) return prefix;
  if (!Number.isInteger(block) || block < 0 || block >= 10 ** SSCC_BLOCK_DIGITS)
    return refuse(
      'sscc-bad-block',
      `The station's label serial block ${block} must be a whole number from 0 to ${10 ** SSCC_BLOCK_DIGITS - 1}`,
    );
  const counterDigits = ssccCounterDigits(companyPrefix);
  const perExtension = 10 ** counterDigits;
  if (!Number.isSafeInteger(counter) || counter < 0 || counter >= 10 * perExtension) {
    return refuse(
      'sscc-serials-exhausted',
      `Station block ${block} has issued all ${10 * perExtension} SSCCs of company prefix ${companyPrefix}; the admin must give the station a new block`,
    );
  }
  const extension = Math.floor(counter / perExtension);
  const body = `${companyPrefix}${String(block).padStart(SSCC_BLOCK_DIGITS, '0')}${String(counter % perExtension).padStart(counterDigits, '0')}`;
  const data = `${extension}${body}`;
  return accept(`${data}${gs1Mod10(data)}`);
}

/** Reads an SSCC (18 digits, check digit checked); `(00)` or `00` before it is not part of it. */
export function parseSscc(text: string): Result<SsccParts, SsccRefusalCode> {
  if (!/^\d*$/.test(text)) return refuse('sscc-not-digits', `SSCC "${text}" must be digits only`);
  if (text.length !== 18)
    return refuse('sscc-bad-length', `SSCC "${text}" has ${text.length} digits; an SSCC has 18`);
  const check = gs1Mod10(text.slice(0, 17));
  if (check !== Number(text[17]))
    return refuse(
      'sscc-bad-check-digit',
      `SSCC ${text} has check digit ${text[17]} but its digits need ${check}`,
    );
  return accept({ extension: Number(text[0]), body: text.slice(1, 17), checkDigit: check });
}

/**
 * The counter an SSCC was allocated with under this prefix and block, or undefined when it is not one of
 * theirs: how a kiosk finds its next serial from its own log.
 */
export function ssccCounterOf(sscc: string, companyPrefix: string, block: number): number | undefined {
  const parsed = parseSscc(sscc);
  if (!parsed.ok) return undefined;
  const head = `${companyPrefix}${String(block).padStart(SSCC_BLOCK_DIGITS, '0')}`;
  if (!parsed.value.body.startsWith(head)) return undefined;
  const counterDigits = ssccCounterDigits(companyPrefix);
  return parsed.value.extension * 10 ** counterDigits + Number(parsed.value.body.slice(head.length));
}

/** Lanes of one station block: one per extension digit. */
export const SSCC_LANES = 10;

/** The lane of a kiosk key, from its id `K-DISP-1#n`: (n − 1) mod 10; 0 for a key id without a number. */
export function ssccLaneOfKey(keyId: string | null | undefined): number {
  const n = Number(/#(\d+)$/.exec(keyId ?? '')?.[1] ?? '1');
  return Number.isSafeInteger(n) && n >= 1 ? (n - 1) % SSCC_LANES : 0;
}

/**
 * The next counter in `lane` for a kiosk that knows these SSCCs (its log's, and those the server told it of;
 * other prefixes, blocks and lanes are ignored): one past the highest of the lane, or the lane's first.
 */
export function nextSsccCounter(issued: Iterable<string>, companyPrefix: string, block: number, lane = 0): number {
  const perLane = 10 ** ssccCounterDigits(companyPrefix);
  const first = lane * perLane;
  let next = first;
  for (const sscc of issued) {
    const counter = ssccCounterOf(sscc, companyPrefix, block);
    if (counter !== undefined && counter >= next && counter < first + perLane) next = counter + 1;
  }
  return next;
}

/** The SSCC a kiosk labels its next container with, in its key's lane; a full lane is refused with what to do. */
export function nextSscc(issued: Iterable<string>, allocation: { readonly companyPrefix: string; readonly block: number; readonly lane: number }): Result<string, SsccRefusalCode> {
  const { companyPrefix, block, lane } = allocation;
  const prefix = checkCompanyPrefix(companyPrefix);
  if (!prefix.ok) return prefix;
  const perLane = 10 ** ssccCounterDigits(companyPrefix);
  const counter = nextSsccCounter(issued, companyPrefix, block, lane);
  if (counter >= (lane + 1) * perLane) {
    return refuse('sscc-serials-exhausted', `This kiosk's key labels in lane ${lane} of station block ${block}, and all ${perLane} SSCCs of that lane under company prefix ${companyPrefix} are issued; the admin must give the station a new block`);
  }
  return allocateSscc({ companyPrefix, block, counter });
}
