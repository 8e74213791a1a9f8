// GS1 mod-10 check digit (GS1 General Specifications §7.9.1): weights 3,1,3,… from the rightmost data digit.
// The domain runs anywhere and depends on no package of ours, so it has its own copy of this one rule
// (device-drivers' gs1/check-digit.ts is the scanner side's).

/** The check digit for `digits` (data digits only), or null if `digits` is not all digits. */
export function gs1Mod10(digits: string): number | null {
  if (!/^\d*$/.test(digits)) return null;
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
    sum += (digits.charCodeAt(i) - 48) * weight;
  return (10 - (sum % 10)) % 10;
}
