/** The server's RecordView (routes/records/view.ts), as the browser receives it. */
export interface RecordView {
  readonly kioskId: string;
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly hash: string;
  readonly prevHash: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly actor: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly subject: Record<string, string>;
  readonly masterDataVersion: number;
  readonly signatureVerified: true;
  readonly keyId: string;
  readonly flags: readonly { readonly code: string; readonly message: string }[];
  readonly checksPending: boolean;
  readonly envelope: Record<string, unknown>;
}

export interface RecordPage {
  readonly records: readonly RecordView[];
  readonly total?: number;
  readonly offset?: number;
}

export type ChainLink = 'links' | 'mismatch' | 'not-stored' | 'first';

export interface RecordDetail {
  readonly record: RecordView;
  readonly chain: { readonly previous: ChainLink; readonly previousId?: string; readonly next: ChainLink; readonly nextId?: string };
  readonly contract?: { readonly description: string; readonly fields: Record<string, string> };
}
