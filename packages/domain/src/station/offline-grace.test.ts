import { describe, expect, it } from 'vitest';
import { offlineGraceDeadlineMs } from './offline-grace.js';

describe('offline grace deadline', () => {
  it('is the last master-data refresh plus the station grace, whatever the offset of the refresh time', () => {
    expect(offlineGraceDeadlineMs({ offlineGraceHours: 72 }, '2026-11-25T10:00:00.000Z')).toBe(Date.parse('2026-11-28T10:00:00.000Z'));
    expect(offlineGraceDeadlineMs({ offlineGraceHours: 8 }, '2026-11-25T11:00:00+01:00')).toBe(Date.parse('2026-11-25T18:00:00.000Z'));
  });
});
