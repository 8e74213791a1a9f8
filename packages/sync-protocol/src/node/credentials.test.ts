import { describe, expect, it } from 'vitest';
import { checkVerifier, DECOY_PIN_VERIFIER, DECOY_VERIFIER, makeVerifier, PIN_COST } from './credentials.js';

describe('credential verifiers', () => {
  it('match the secret they were made from, and nothing else', async () => {
    const verifier = await makeVerifier('727048', 1024);
    expect(verifier).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await checkVerifier('727048', verifier)).toBe(true);
    expect(await checkVerifier('727049', verifier)).toBe(false);
    expect(await makeVerifier('727048', 1024)).not.toBe(verifier); // salted
  });

  it('are made for PINs at N = 2^17 (128 MiB, beyond Node’s default maxmem), and older, cheaper ones still verify', async () => {
    expect(PIN_COST).toBe(131072);
    const verifier = await makeVerifier('404142');
    expect(verifier).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await checkVerifier('404142', verifier)).toBe(true);
    expect(await checkVerifier('404143', verifier)).toBe(false);
    // A verifier made before the cost was raised carries its own N = 2^15.
    expect(await checkVerifier('404142', await makeVerifier('404142', 32768))).toBe(true);
  });

  it('never match a missing, malformed, absurdly costly or decoy verifier', async () => {
    expect(await checkVerifier('x', null)).toBe(false);
    expect(await checkVerifier('x', 'bcrypt$1$2')).toBe(false);
    expect(await checkVerifier('x', 'scrypt$1000$8$1$AAAA$AAAA')).toBe(false); // not a power of two
    expect(await checkVerifier('x', `scrypt$${2 ** 24}$8$1$AAAA$AAAA`)).toBe(false); // 16 GiB: refused unchecked
    expect(await checkVerifier('', DECOY_VERIFIER)).toBe(false);
    expect(await checkVerifier('', DECOY_PIN_VERIFIER)).toBe(false);
    expect(DECOY_PIN_VERIFIER).toMatch(/^scrypt\$131072\$/);
  });
});
