import type { JsonValue } from './canonical-json.js';
import { canonicalize } from './canonical-json.js';

/** Version of the audit entry layout below (README "Server audit log"). */
export const AUDIT_ENTRY_VERSION = 1 as const;

/**
 * One entry of the server's own audit log: what a person (or the server, or a kiosk acting through it)
 * changed centrally. Entries are chained like a kiosk's records: `seq` gap-free from 1, `prevHash` the hash
 * of entry seq − 1 (GENESIS_HASH for seq 1).
 */
export interface AuditEntryBody {
  readonly v: typeof AUDIT_ENTRY_VERSION;
  readonly seq: number;
  readonly prevHash: string;
  /** Server time, ISO 8601 UTC. */
  readonly at: string;
  /** A user id, `server`, or `kiosk:<kioskId>`. */
  readonly actor: string;
  /** Dotted, past tense: `kiosk.approved`, `master-data.changed`, `review.signed` … */
  readonly action: string;
  /** What the act was about: `user/<id>`, `lot/<id>`, a kiosk id, an order … */
  readonly target: string;
  readonly reason: string | null;
  readonly details: JsonValue;
}

/** An entry as it is served and exported: its body, its hash, and the server key's signature over the body. */
export interface SignedAuditEntry extends AuditEntryBody {
  readonly hash: string;
  /** The server key that signed (`server#1` …); null only for an entry the server has not signed yet. */
  readonly serverKeyId: string | null;
  /** Ed25519 over auditSigningInput(entry), base64url; null only for an entry not signed yet. */
  readonly sig: string | null;
}

/** The canonical text that is hashed and signed: the body members only (not hash, serverKeyId, sig). */
export function auditSigningInput(entry: AuditEntryBody): string {
  const body: AuditEntryBody = {
    v: entry.v,
    seq: entry.seq,
    prevHash: entry.prevHash,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    reason: entry.reason,
    details: entry.details,
  };
  return canonicalize(body);
}
