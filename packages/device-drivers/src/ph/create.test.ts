import { describe, expect, it } from 'vitest';
import { createPhMeterDriver } from '../ph-meter.js';

describe('createPhMeterDriver', () => {
  it('refuses an expected serial number for a Hanna meter, which never reports one', () => {
    expect(() => createPhMeterDriver({ driver: 'hanna', deviceId: 'PH-01', path: '/dev/null', expectedSerialNumber: 'H123' })).toThrow(/Hanna meters do not report a serial number.*PH-01/);
  });

  it('names the known drivers for an unknown one', () => {
    expect(() => createPhMeterDriver({ driver: 'sevenexcellence' as 'hanna', deviceId: 'PH-01', path: '/dev/null' })).toThrow('expected one of orion-star, hanna');
  });
});
