import { describe, expect, it } from 'vitest';
import { dec } from '../decimal/decimal.js';
import {
  containerLabel,
  labelElementText,
  netWeightElement,
  type ContainerLabelInput,
} from './container-label.js';

const demo: ContainerLabelInput = {
  sscc: '106141412345678908',
  gtin: '09501101540019',
  lotId: 'PCM-2401',
  expiry: '2027-06-30',
  net: '25.2015',
  unit: 'kg',
  readability: '0.0005',
  materialName: 'Paracetamol',
  orderId: 'ORD-0001',
  batchNumber: 'B-2026-0001',
  containerNo: 1,
};

describe('container label content', () => {
  it('carries SSCC, GTIN, expiry, net weight and lot, lot last (variable length, no separator needed)', () => {
    const label = containerLabel(demo);
    expect(label.ok && labelElementText(label.value.elements)).toBe(
      '(00)106141412345678908(01)09501101540019(17)270630(3104)252015(10)PCM-2401',
    );
    expect(label.ok && label.value.humanReadable).toEqual([
      'Paracetamol',
      'Order ORD-0001 · Batch B-2026-0001',
      'Container 1 · Net 25.2015 kg',
      'Lot PCM-2401 · Exp 2027-06-30',
      'SSCC 106141412345678908',
    ]);
  });

  it("310n takes the balance's readability: a 0.01 g balance gives 5 decimals of kg, a 0.1 kg one gives 1", () => {
    expect(netWeightElement(dec('12.34'), 'g', dec('0.01'))).toMatchObject({
      ok: true,
      value: { ai: '3105', value: '001234', rounded: false },
    });
    expect(netWeightElement(dec('50.4'), 'kg', dec('0.1'))).toMatchObject({
      ok: true,
      value: { ai: '3101', value: '000504' },
    });
    expect(netWeightElement(dec('500'), 'mg', dec('1'))).toMatchObject({
      ok: true,
      value: { ai: '3105', value: '000050' },
    });
  });

  it('a balance finer than 310n can carry is rounded half-up to 5 decimals of kg, and says so', () => {
    expect(netWeightElement(dec('1.23456'), 'g', dec('0.00001'))).toMatchObject({
      ok: true,
      value: { ai: '3105', value: '000123', rounded: true },
    });
  });

  it('fewer decimals when the value needs the digits; refused above 999999 kg or at zero', () => {
    expect(netWeightElement(dec('25000.25'), 'kg', dec('0.01'))).toMatchObject({
      ok: true,
      value: { ai: '3101', value: '250003' },
    });
    expect(netWeightElement(dec('1000000'), 'kg', dec('1'))).toMatchObject({
      ok: false,
      code: 'label-net-too-large',
    });
    expect(netWeightElement(dec('0'), 'kg', dec('1'))).toMatchObject({ ok: false, code: 'label-bad-net' });
  });

  it('a reprint says COPY and its number first', () => {
    const label = containerLabel({ ...demo, copyNo: 2 });
    expect(label.ok && label.value.humanReadable[0]).toBe('COPY 2');
  });

  it('refuses with the field and the reason', () => {
    expect(containerLabel({ ...demo, gtin: '09501101540018' })).toMatchObject({
      ok: false,
      code: 'label-bad-gtin',
    });
    expect(containerLabel({ ...demo, sscc: '106141412345678907' })).toMatchObject({
      ok: false,
      code: 'sscc-bad-check-digit',
    });
    expect(containerLabel({ ...demo, lotId: 'LOT WITH SPACES' })).toMatchObject({
      ok: false,
      code: 'label-bad-lot',
    });
    expect(containerLabel({ ...demo, expiry: '2027-13-01' })).toMatchObject({
      ok: false,
      code: 'label-bad-expiry',
    });
    expect(containerLabel({ ...demo, net: 'heavy' })).toMatchObject({
      ok: false,
      code: 'label-bad-net',
      message: expect.stringContaining('heavy'),
    });
  });
});
