import { Type, type Static } from 'typebox';
import { KIOSK_STATUSES } from '@lineside/sync-protocol';
import { auditEntriesFor } from '../../db/audit.js';
import { EMPTY_CHAIN, findCursor } from '../../db/key-cursor.js';
import { keysOfKiosks, type Kiosk } from '../../db/kiosks.js';
import type { Db } from '../../db/types.js';

export const KIOSK_KEY_STATES = ['in-use', 'waiting', 'retired'] as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const KioskKeySchema = Type.Object(
  {
    keyId: Type.String(),
    keyNumber: Type.Integer({ minimum: 1 }),
    fingerprint: Type.String({ description: 'as the kiosk shows it on its screen' }),
    createdAt: Type.String({ description: 'when the kiosk enrolled this key' }),
    state: Type.Enum(KIOSK_KEY_STATES, { description: 'in-use: the key the kiosk signs with; waiting: a replacement not approved yet; retired: replaced (its records stay valid)' }),
    hostname: Nullable(Type.String({ description: 'the host that enrolled this key' })),
    appVersion: Nullable(Type.String({ description: 'the kiosk app version that enrolled this key' })),
    approvedAt: Nullable(Type.String()),
    approvedBy: Nullable(Type.String()),
    retiredAt: Nullable(Type.String({ description: 'when a newer key took over' })),
  },
  { additionalProperties: false },
);

export const KioskSchema = Type.Object(
  {
    kioskId: Type.String(),
    stationId: Type.String(),
    keyId: Type.String(),
    pendingKeyId: Nullable(Type.String({ description: 'a replacement key waiting for approval; keyId stays in use until then' })),
    status: Type.Enum(KIOSK_STATUSES),
    hostname: Nullable(Type.String()),
    appVersion: Type.String(),
    enrolledAt: Type.String(),
    statusChangedAt: Type.String(),
    statusChangedBy: Nullable(Type.String()),
    statusReason: Nullable(Type.String()),
    ackedSeq: Type.Integer({ description: "last seq the server holds of the current key's chain (each key is an epoch starting at seq 1)" }),
    ackedHash: Type.String(),
    keyFingerprint: Nullable(Type.String({ description: 'fingerprint of the key in use, as the kiosk shows it on its screen: compare before approving' })),
    pendingKeyFingerprint: Nullable(Type.String({ description: 'fingerprint of the replacement key waiting for approval' })),
    keys: Type.Array(KioskKeySchema, { description: 'every key the kiosk enrolled, oldest first' }),
  },
  { additionalProperties: false },
);

export type KioskView = Static<typeof KioskSchema>;
type KioskKeyView = Static<typeof KioskKeySchema>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The kiosks as the admin sees them, with every key. Which host and app version enrolled a key, and when
 * it was approved or retired, are read from the signed audit log (kiosk.enrolled, kiosk.approved), which
 * holds them for every key; kiosk_keys holds the key itself.
 */
export async function viewKiosks(db: Db, kiosks: readonly Kiosk[]): Promise<KioskView[]> {
  if (kiosks.length === 0) return [];
  const ids = kiosks.map((k) => k.kioskId);
  const [keys, audit] = await Promise.all([keysOfKiosks(db, ids), auditEntriesFor(db, ids)]);
  const enrolledBy = new Map<string, { hostname: string | null; appVersion: string | null }>();
  const approved = new Map<string, { at: string; by: string }>();
  const retired = new Map<string, string>();
  for (const entry of audit) {
    const details = (entry.details ?? {}) as Record<string, unknown>;
    const keyId = text(details['keyId']);
    if (!keyId) continue;
    if (entry.action === 'kiosk.enrolled') enrolledBy.set(keyId, { hostname: text(details['hostname']), appVersion: text(details['appVersion']) });
    if (entry.action === 'kiosk.approved') {
      approved.set(keyId, { at: entry.at, by: entry.actor });
      const retiredKeyId = text(details['retiredKeyId']);
      if (retiredKeyId) retired.set(retiredKeyId, entry.at);
    }
  }
  return Promise.all(
    kiosks.map(async (kiosk) => {
      const own = keys.filter((k) => k.kiosk_id === kiosk.kioskId).sort((a, b) => Number(a.key_number) - Number(b.key_number));
      const history: KioskKeyView[] = own.map((key, index) => {
        const state = key.key_id === kiosk.keyId ? 'in-use' : key.key_id === kiosk.pendingKeyId ? 'waiting' : 'retired';
        const enrolled = enrolledBy.get(key.key_id);
        const approval = approved.get(key.key_id);
        // A pending key replaced before anyone approved it retired when the next key enrolled.
        const retiredAt = state === 'retired' ? (retired.get(key.key_id) ?? own[index + 1]?.created_at ?? null) : null;
        return {
          keyId: key.key_id,
          keyNumber: Number(key.key_number),
          fingerprint: key.fingerprint,
          createdAt: key.created_at,
          state,
          hostname: enrolled?.hostname ?? (state === 'in-use' ? kiosk.hostname : null),
          appVersion: enrolled?.appVersion ?? (state === 'in-use' ? kiosk.appVersion : null),
          approvedAt: approval?.at ?? null,
          approvedBy: approval?.by ?? null,
          retiredAt,
        };
      });
      const cursor = (await findCursor(db, kiosk.keyId)) ?? EMPTY_CHAIN;
      const fingerprint = (keyId: string | null) => (keyId ? (own.find((k) => k.key_id === keyId)?.fingerprint ?? null) : null);
      return { ...kiosk, ackedSeq: cursor.lastSeq, ackedHash: cursor.lastHash, keyFingerprint: fingerprint(kiosk.keyId), pendingKeyFingerprint: fingerprint(kiosk.pendingKeyId), keys: history };
    }),
  );
}

export async function viewKiosk(db: Db, kiosk: Kiosk): Promise<KioskView> {
  return (await viewKiosks(db, [kiosk]))[0]!;
}
