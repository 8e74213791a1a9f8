import type { JsonValue } from './canonical-json.js';
import { canonicalize } from './canonical-json.js';

/** Version of the envelope layout below; bumped only with a migration note in README.md. */
export const ENVELOPE_VERSION = 1 as const;
export const SIGNATURE_ALGORITHMS = ['Ed25519'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** prevHash of a kiosk's first record (seq 1). */
export const GENESIS_HASH = `sha256:${'0'.repeat(64)}`;
export const HASH_PATTERN = '^sha256:[0-9a-f]{64}$';

export type RecordActor =
  | { readonly kind: 'kiosk' }
  | { readonly kind: 'user'; readonly userId: string; readonly printedName: string; readonly sessionId?: string };

/** Kiosk clocks are untrusted; we keep what the kiosk knew about its own time (SYNC.md §3). */
export interface RecordTime {
  /** Hybrid logical clock, `<ISO UTC millis>-<counter 4 hex>-<kioskId>`: monotonic per kiosk. */
  readonly hlc: string;
  /** Identifies one boot of the kiosk core; monoMs is comparable only within one bootId. */
  readonly bootId: string;
  /** Monotonic milliseconds since that boot, as a decimal string (exact, no float drift). */
  readonly monoMs: string;
  /** Last NTP-style estimate of (server − kiosk) in ms, and when it was measured. */
  readonly lastSync?: { readonly serverTime: string; readonly offsetMs: number; readonly rttMs: number };
}

/** The envelope without its signature: exactly the bytes that are hashed and signed. */
export interface UnsignedRecord {
  readonly v: typeof ENVELOPE_VERSION;
  /** UUIDv7, assigned by the kiosk. */
  readonly id: string;
  readonly kioskId: string;
  readonly keyId: string;
  readonly alg: SignatureAlgorithm;
  /** Per-kiosk, gap-free, starting at 1. */
  readonly seq: number;
  /** Hash of the previous record of this kiosk, or GENESIS_HASH for seq 1. */
  readonly prevHash: string;
  /** Dotted, past-tense event name, e.g. `weighing.recorded`. */
  readonly type: string;
  /** Schema of the payload, `<type>@<n>`. */
  readonly payloadSchema: string;
  readonly appVersion: string;
  readonly actor: RecordActor;
  /** Kiosk wall clock, ISO 8601 with its offset. */
  readonly occurredAt: string;
  readonly time: RecordTime;
  /** The master-data version (server cursor) the kiosk held when it acted. */
  readonly masterDataVersion: number;
  /** Specific master-data facts the act relied on, e.g. `{ equipment: 'BAL-01', calibrationRev: 3 }`. */
  readonly masterRefs?: { readonly [key: string]: JsonValue };
  /** Business identifiers the record is about: order, step, lot, equipment, container. */
  readonly subject?: { readonly [key: string]: string };
  /** Measured values travel as decimal strings, never floats. */
  readonly payload: { readonly [key: string]: JsonValue };
  /** Corrections never edit: they point at the record they correct, with a reason (Annex 11 §9). */
  readonly corrects?: { readonly id: string; readonly reason: string };
}

export interface SignedRecord extends UnsignedRecord {
  /** Ed25519 over signingInput(record), base64url without padding. */
  readonly sig: string;
}

/** The canonical text that is both hashed (SHA-256) and signed (Ed25519): everything but `sig`. */
export function signingInput(record: UnsignedRecord | SignedRecord): string {
  const { sig: _sig, ...unsigned } = record as SignedRecord;
  return canonicalize(unsigned);
}
