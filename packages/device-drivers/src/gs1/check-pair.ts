// The GS1 check character pair for alphanumeric keys such as the GMN (8013) and MUDI (8014):
// GS1 General Specifications, "Check character calculation (for alphanumeric keys)", as the GS1
// Barcode Syntax Dictionary's csumalpha linter computes it (gs1/gs1-syntax-dictionary src/lint_csumalpha.c).

/** GS1 CSET 82 in weight order: a character's weight is its index. */
const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** GS1 CSET 32: the two check characters are drawn from it. */
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Keys are at most 97 characters before the pair; one prime weight per position, from the right. */
const MAX_DATA = 97;

function primes(count: number): number[] {
  const found: number[] = [];
  for (let n = 2; found.length < count; n++) if (found.every((p) => n % p !== 0)) found.push(n);
  return found;
}
const PRIMES = primes(MAX_DATA);

/**
 * The two check characters for `data` (without them), or null when a character is outside CSET 82
 * or the data is longer than 97 characters.
 */
export function alphanumericCheckPair(data: string): string | null {
  if (data.length > MAX_DATA) return null;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const weight = CSET82.indexOf(data.charAt(i));
    if (weight < 0) return null;
    // The rightmost data character takes the first prime (2), the next one 3, and so on.
    sum += weight * (PRIMES[data.length - 1 - i] ?? 0);
  }
  sum %= 1021;
  return CSET32.charAt(sum >> 5) + CSET32.charAt(sum & 31);
}
