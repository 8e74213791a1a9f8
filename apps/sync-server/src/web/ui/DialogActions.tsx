import type { ReactNode } from 'react';

/** The foot of a dialog: why the last attempt was refused (if it was), then Cancel and the dialog's own action. */
export function DialogActions({ refusal, refused, busy, onCancel, children }: { refusal: string | undefined; refused: string; busy: boolean; onCancel: () => void; children: ReactNode }) {
  return (
    <>
      {refusal ? (
        <p className="error-box" role="alert">
          {refused}: {refusal}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
