import { describe, expect, it } from 'vitest';
import { formatEnrollmentCode, groupKeyFingerprint, parseEnrollmentCode } from './enrollment-code.js';

describe('enrollment code with the server key fingerprint', () => {
  it('splits CODE@fingerprint and round-trips', () => {
    const text = formatEnrollmentCode('7KQ4-M9ZD-3XWP', '0123456789abcdef');
    expect(text).toBe('7KQ4-M9ZD-3XWP@0123456789abcdef');
    expect(parseEnrollmentCode(text)).toEqual({ ok: true, value: { code: '7KQ4-M9ZD-3XWP', serverKeyFingerprint: '0123456789abcdef' } });
    expect(parseEnrollmentCode('7kq4m9zd3xwp@0123456789ABCDEF')).toEqual({ ok: true, value: { code: '7kq4m9zd3xwp', serverKeyFingerprint: '0123456789abcdef' } });
  });

  it('says when a code has no fingerprint, and refuses a malformed one', () => {
    expect(parseEnrollmentCode('7KQ4-M9ZD-3XWP')).toEqual({ ok: true, value: { code: '7KQ4-M9ZD-3XWP', serverKeyFingerprint: null } });
    expect(parseEnrollmentCode('7KQ4@xyz')).toMatchObject({ ok: false, message: expect.stringContaining('16 hex digits') });
    expect(parseEnrollmentCode('@0123456789abcdef')).toMatchObject({ ok: false, message: expect.stringContaining('no code') });
  });

  it('groups a key fingerprint in fours for reading aloud, and leaves what is not one as it is', () => {
    expect(groupKeyFingerprint('0123456789abcdef')).toBe('0123 4567 89ab cdef');
    expect(groupKeyFingerprint('0123')).toBe('0123');
    expect(groupKeyFingerprint('')).toBe('');
  });
});
