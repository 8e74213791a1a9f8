/** GET /api/v1/audit as the page reads it (routes/audit/index.ts). */
export interface AuditEntryView {
  readonly seq: number;
  readonly prevHash: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly details: unknown;
  readonly hash: string;
  readonly serverKeyId: string | null;
  readonly sig: string | null;
}

export interface AuditVerificationView {
  readonly ok: boolean;
  readonly checked: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly failedSeq?: number;
  readonly problem?: string;
  readonly message?: string;
}

export interface AuditPageView {
  readonly entries: readonly AuditEntryView[];
  readonly total: number;
  readonly nextBeforeSeq: number | null;
  readonly verification: AuditVerificationView | null;
}
