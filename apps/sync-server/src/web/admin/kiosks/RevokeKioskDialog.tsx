import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { DialogActions, useSubmit } from '../../ui/index.js';
import { Modal } from './Modal.js';
import type { Kiosk } from './types.js';

/** Revocation with a required reason, saying what it does before the admin confirms. */
export function RevokeKioskDialog({ kiosk, onClose }: { kiosk: Kiosk; onClose: (changed: boolean) => void }) {
  const [reason, setReason] = useState('');
  const { busy, refusal, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => api.post(`/api/v1/kiosks/${encodeURIComponent(kiosk.kioskId)}/revoke`, { reason: reason.trim() }))) onClose(true);
  };
  return (
    <Modal
      title={`Revoke kiosk ${kiosk.kioskId} (station ${kiosk.stationId})`}
      onClose={() => onClose(false)}
      busy={busy}
    >
      <form onSubmit={(e) => void submit(e)}>
        <p className="what-it-does" data-testid="revoke-effect">
          The kiosk gets nothing more from the server: it can no longer push records or pull master data, and
          records it made but has not sent stay on it, refused. The records it already sent stay valid. To put
          a kiosk back at this station, issue an enrollment code and approve the new key.
        </p>
        <label className="reason-field">
          <span>Reason (kept in the audit log and shown on this page)</span>
          <textarea
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            placeholder="lost, stolen, broken, replaced, decommissioned…"
            required
            autoFocus
          />
        </label>
        <DialogActions refusal={refusal} refused="Not revoked" busy={busy} onCancel={() => onClose(false)}>
          <button type="submit" className="danger" disabled={reason.trim() === '' || busy}>
            {busy ? 'Revoking…' : 'Revoke'}
          </button>
        </DialogActions>
      </form>
    </Modal>
  );
}
