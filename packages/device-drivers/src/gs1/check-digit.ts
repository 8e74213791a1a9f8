// GS1 mod-10 check digit (the dictionary's `csum` linter): weights 3,1,3,… from the rightmost data digit.

/** The check digit for `digits` (data digits only, without the check digit), or null if not all digits. */
export function gs1CheckDigit(digits: string): number | null {
  if (!/^\d*$/.test(digits)) return null;
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (digits.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digitsWithCheck` is the right GS1 check digit for the others. */
export function hasValidCheckDigit(digitsWithCheck: string): boolean {
  if (!/^\d{2,}$/.test(digitsWithCheck)) return false;
  return gs1CheckDigit(digitsWithCheck.slice(0, -1)) === Number(digitsWithCheck.slice(-1));
}
