import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, type SignedRecord, type UnsignedRecord } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey, signRecord, signRequest, uuidv7 } from '@lineside/sync-protocol/node';

/** A kiosk as the tests need it: a real key pair, a hash chain, and signed requests. */
export class TestKiosk {
  readonly key = generateKioskKey();
  readonly privateKey: KeyObject = importPrivateKey(this.key.privateKeyPem);
  kioskId = 'K-DISP-1';
  keyId = 'K-DISP-1#1';
  private seq = 0;
  private lastHash = GENESIS_HASH;
  private idCounter = 0;

  constructor(private readonly clock: () => Date) {}

  /** A weighing as the skeleton's kiosk records it (http-contract.md "Record types"). */
  weighing(value = '12.345', overrides: Partial<UnsignedRecord> = {}): UnsignedRecord {
    this.seq += 1;
    const at = this.clock();
    const record: UnsignedRecord = {
      v: 1,
      id: uuidv7(at.getTime() + this.idCounter++),
      kioskId: this.kioskId,
      keyId: this.keyId,
      alg: 'Ed25519',
      seq: this.seq,
      prevHash: this.lastHash,
      type: 'weighing.recorded',
      payloadSchema: 'weighing.recorded@1',
      appVersion: '0.1.0',
      actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' },
      occurredAt: at.toISOString().replace('Z', '+00:00'),
      time: { hlc: `${at.toISOString()}-0000-${this.kioskId}`, bootId: 'boot-1', monoMs: String(this.seq * 1000) },
      masterDataVersion: 1,
      subject: { equipment: 'BAL-01' },
      payload: { equipmentId: 'BAL-01', value, unit: 'g', basis: 'net', stable: true, raw: `S S      ${value} g`, readAt: at.toISOString() },
      ...overrides,
    };
    return record;
  }

  /** Signs and appends to this kiosk's chain. */
  sign(record: UnsignedRecord): SignedRecord {
    const { record: signed, hash } = signRecord(record, this.privateKey);
    this.lastHash = hash;
    return signed;
  }

  /** n new signed weighings, continuing the chain. */
  next(n: number): SignedRecord[] {
    return Array.from({ length: n }, (_, i) => this.sign(this.weighing(`${12 + i}.345`)));
  }

  /** Forgets the chain position, so the next record reuses a seq (to provoke a fork). */
  rewind(toSeq: number, hash: string): void {
    this.seq = toSeq;
    this.lastHash = hash;
  }

  authorization(method: string, url: string, body?: string, at: Date = this.clock()): string {
    return signRequest({ method, pathWithQuery: url, ...(body !== undefined ? { body } : {}) }, this.keyId, this.privateKey, at);
  }

  pushBody(records: readonly SignedRecord[]): string {
    return JSON.stringify({ kioskId: this.kioskId, keyId: this.keyId, records });
  }
}
