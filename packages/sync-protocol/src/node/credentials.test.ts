import { describe, expect, it } from 'vitest';
import { checkVerifier, DECOY_VERIFIER, makeVerifier } from './credentials.js';

describe('credential verifiers', () => {
  it('match the secret they were made from, and nothing else', async () => {
    const verifier = await makeVerifier('727048', 1024);
    expect(verifier).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await checkVerifier('727048', verifier)).toBe(true);
    expect(await checkVerifier('727049', verifier)).toBe(false);
    expect(await makeVerifier('727048', 1024)).not.toBe(verifier); // salted
  });

  it('never match a missing, malformed or decoy verifier', async () => {
    expect(await checkVerifier('x', null)).toBe(false);
    expect(await checkVerifier('x', 'bcrypt$1$2')).toBe(false);
    expect(await checkVerifier('', DECOY_VERIFIER)).toBe(false);
  });
});
