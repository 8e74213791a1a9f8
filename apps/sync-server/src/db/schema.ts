import type { Generated } from 'kysely';

// Row shapes of every table; times are ISO 8601 UTC text so both engines sort and compare them alike.

export interface StationsTable {
  station_id: string;
  kiosk_id: string;
  plant_id: string;
  name: string;
  offline_grace_hours: number;
}

export interface UsersTable {
  user_id: string;
  display_name: string;
  /** JSON array of role names. */
  roles: string;
  password_verifier: string;
  pin_verifier: string | null;
  badge: string | null;
  active: number;
  master_version: number;
  /** Consecutive wrong passwords at central sign-in (migration 0080). */
  failed_sign_ins: Generated<number>;
  /** Central sign-in refused until this instant after too many wrong passwords; null when not locked. */
  locked_until: Generated<string | null>;
  /** 1 after an admin reset (migration 0130): the temporary password must be replaced at the next sign-in. */
  must_change_password: Generated<number>;
  /** 1 after a create or reset (migration 0160): the kiosk makes the user replace the temporary PIN. */
  pin_must_change: Generated<number>;
  /** The master version that carried the last PIN reset (migration 0160); 0 when never reset. */
  pin_reset_version: Generated<number>;
  /** Kiosk time of the PIN change applied since the last reset (migration 0180); null after a create or reset. */
  pin_changed_at?: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface EnrollmentCodesTable {
  code_hash: string;
  station_id: string;
  kiosk_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_key_id: string | null;
}

export interface KiosksTable {
  kiosk_id: string;
  station_id: string;
  status: string;
  current_key_id: string;
  /** A newer key enrolled for this kiosk's station, waiting for approval; the current key works meanwhile. */
  pending_key_id: string | null;
  hostname: string | null;
  app_version: string;
  enrolled_at: string;
  status_changed_at: string;
  status_changed_by: string | null;
  status_reason: string | null;
}

export interface KioskKeysTable {
  key_id: string;
  kiosk_id: string;
  key_number: number;
  public_key: string;
  fingerprint: string;
  created_at: string;
}

/** The server's high-water mark of one key's chain (migration 0090: one chain per key, an epoch). */
export interface KeyCursorTable {
  key_id: string;
  kiosk_id: string;
  last_seq: number;
  last_hash: string;
}

export interface RecordsTable {
  kiosk_id: string;
  seq: number;
  record_id: string;
  hash: string;
  prev_hash: string;
  type: string;
  occurred_at: string;
  received_at: string;
  key_id: string;
  /** The record exactly as received, in canonical JSON (sig included). */
  envelope: string;
  /** JSON array of server flags from the business checks run after commit. */
  flags: string;
  /** The order the record belongs to (review/order-of-record.ts), set at ingest; null: none (migration 0100). */
  order_id: string | null;
}

/** A reviewer's mark on one exception of a batch record, as it was when marked (migration 0100). */
export interface ReviewMarksTable {
  order_id: string;
  exception_id: string;
  /** SHA-256 of the exception's canonical JSON: a changed exception needs a new mark. */
  exception_fingerprint: string;
  comment: string | null;
  marked_by: string;
  printed_name: string;
  marked_at: string;
}

/** A Part 11 review signature over the content hash of a batch record (migration 0100); never edited. */
export interface ReviewSignaturesTable {
  signature_id: string;
  order_id: string;
  /** `reviewed` or `approved-for-release`. */
  meaning: string;
  signer_id: string;
  printed_name: string;
  signed_at: string;
  content_hash: string;
  /** How many records of the order the signed content held. */
  record_count: number;
}

/** A pushed batch whose business checks have not finished: records from_seq..to_seq of one key's chain. */
export interface PendingChecksTable {
  key_id: string;
  kiosk_id: string;
  from_seq: number;
  to_seq: number;
  received_at: string;
}

export interface ServerKeysTable {
  key_id: string;
  private_key_pem: string;
  public_key: string;
  created_at: string;
}

export interface MasterVersionTable {
  id: number;
  version: number;
}

export interface MasterDataTable {
  entity: string;
  entity_id: string;
  /** JSON of the entity; null once removed. */
  data: string | null;
  version: number;
  removed: number;
}

export interface MasterHistoryTable {
  entity: string;
  entity_id: string;
  version: number;
  /** Server time the state took effect. */
  changed_at: string;
  /** JSON of the entity at that version; null when removed. */
  data: string | null;
}

export interface AuditTable {
  audit_id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  details: string;
  /** The entry's place in the server's hash chain (migration 0110), gap-free from 1. */
  seq: number;
  prev_hash: string;
  /** SHA-256 over the canonical entry body (sync-protocol README "Server audit log"). */
  hash: string;
  /** The server key's Ed25519 over the same body; null only for an entry 0110 chained and the server has not signed yet. */
  sig: string | null;
  signed_by: string | null;
}

/** The end of the audit chain (one row): appending locks it, so two processes cannot fork the chain. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** The last seq migration 0110 chained from older entries; only those may be signed after the fact. */
  backfilled_to: number;
}

/** A rotation statement: the previous server key's signature vouching for the next one. */
export interface ServerKeyRotationsTable {
  previous_key_id: string;
  server_key_id: string;
  public_key: string;
  rotated_at: string;
  sig: string;
}

/** One recipe approval e-signature (migration 0130): never updated, linked to the content hash it signs. */
export interface RecipeSignaturesTable {
  signature_id: string;
  recipe_id: string;
  version: number;
  signer_id: string;
  printed_name: string;
  /** `reviewed` or `approved`. */
  meaning: string;
  /** JSON array of the signer's roles at signing. */
  roles: string;
  signed_at: string;
  content_hash: string;
  /** The master-data version of the signing transaction (migration 0170); null before it. */
  master_version: number | null;
}

/** One work unit's KPI facts for one shift instance (migration 0150): derived from records, rebuilt at will. */
export interface KpiShiftFactsTable {
  unit_key: string;
  shift_start: number | string;
  shift_end: number | string;
  master_key: string;
  kiosk_ids: string;
  fact: string;
}

/** Bumped by every change to a kiosk's records or flags (migration 0150): guards the KPI facts against a stale write. */
export interface KpiEpochsTable {
  kiosk_id: string;
  epoch: number;
}

export interface Database {
  stations: StationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  enrollment_codes: EnrollmentCodesTable;
  kiosks: KiosksTable;
  kiosk_keys: KioskKeysTable;
  key_cursor: KeyCursorTable;
  records: RecordsTable;
  pending_checks: PendingChecksTable;
  server_keys: ServerKeysTable;
  server_key_rotations: ServerKeyRotationsTable;
  master_version: MasterVersionTable;
  master_data: MasterDataTable;
  master_history: MasterHistoryTable;
  audit_log: AuditTable;
  review_marks: ReviewMarksTable;
  review_signatures: ReviewSignaturesTable;
  audit_head: AuditHeadTable;
  recipe_signatures: RecipeSignaturesTable;
  kpi_shift_facts: KpiShiftFactsTable;
  kpi_epochs: KpiEpochsTable;
}
