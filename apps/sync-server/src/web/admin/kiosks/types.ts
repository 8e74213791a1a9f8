// The stations and kiosks as GET /api/v1/stations gives them (routes/stations, routes/kiosks/view.ts).
export type KeyState = 'in-use' | 'waiting' | 'retired';

export interface KioskKey {
  readonly keyId: string;
  readonly keyNumber: number;
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly state: KeyState;
  readonly hostname: string | null;
  readonly appVersion: string | null;
  readonly approvedAt: string | null;
  readonly approvedBy: string | null;
  readonly retiredAt: string | null;
}

export interface Kiosk {
  readonly kioskId: string;
  readonly stationId: string;
  readonly keyId: string;
  readonly pendingKeyId: string | null;
  readonly status: 'pending' | 'active' | 'revoked' | 'quarantined';
  readonly hostname: string | null;
  readonly appVersion: string;
  readonly enrolledAt: string;
  readonly statusChangedAt: string;
  readonly statusChangedBy: string | null;
  readonly statusReason: string | null;
  readonly keyFingerprint: string | null;
  readonly pendingKeyFingerprint: string | null;
  readonly keys: readonly KioskKey[];
}

export interface Station {
  readonly stationId: string;
  readonly name: string;
  readonly kioskId: string;
  readonly kiosk: Kiosk | null;
  readonly openCodes: readonly { readonly codeId: string; readonly issuedBy: string; readonly issuedAt: string; readonly expiresAt: string }[];
}

/** The key an approval would put to work: a replacement waiting, or the first key of a pending kiosk. */
export function keyToApprove(kiosk: Kiosk): KioskKey | undefined {
  if (kiosk.pendingKeyId) return kiosk.keys.find((k) => k.keyId === kiosk.pendingKeyId);
  return kiosk.status === 'pending' ? kiosk.keys.find((k) => k.keyId === kiosk.keyId) : undefined;
}
