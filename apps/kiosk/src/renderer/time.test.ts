import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localizeInstants } from './time.js';

// The expected text is built from the same instant on this machine's clock, so the test holds in any time zone.
const local = (iso: string) => {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

describe('local time on the kiosk screen', () => {
  it('shows an instant with an offset on the local clock, without the offset or T', () => {
    expect(formatLocalDateTime('2026-12-05T23:03:15.123+01:00')).toBe(local('2026-12-05T22:03:15.123Z'));
    expect(formatLocalDateTime('2026-12-05T23:03:15.123+01:00')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
  it('leaves text that is not an instant as it is', () => {
    expect(formatLocalDateTime('yesterday')).toBe('yesterday');
  });
  it('rewrites every instant in a sentence and nothing else', () => {
    expect(localizeInstants('The lockout ends at 2026-12-05T22:33:00.000+00:00; QA can unlock sooner (Unlock user).')).toBe(`The lockout ends at ${local('2026-12-05T22:33:00.000Z')}; QA can unlock sooner (Unlock user).`);
    expect(localizeInstants('BAL-02 due on 2026-12-10')).toBe('BAL-02 due on 2026-12-10');
  });
});
