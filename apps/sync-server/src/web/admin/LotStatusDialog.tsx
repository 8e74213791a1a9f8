import { useState } from 'react';
import { LOT_STATUS_MOVES } from '@lineside/domain';
import { api } from '../api.js';
import { SignatureDialog, type ESignature } from '../ui/index.js';

const MOVES = LOT_STATUS_MOVES as Readonly<Record<string, readonly string[]>>;

/**
 * QA changes a lot's status: the new status and the reason first, then a Part 11 signature (user id and
 * password again, meaning). A refusal (wrong password, not QA, a rejected lot) stays in the dialog in the
 * server's words.
 */
export function LotStatusDialog({ lot, onDone, onCancel }: { lot: Record<string, unknown>; onDone: () => void; onCancel: () => void }) {
  const id = String(lot['id']);
  const from = String(lot['status']);
  const [to, setTo] = useState(MOVES[from]?.[0] ?? '');
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState(false);
  const sign = async (signature: ESignature) => {
    await api.post(`/api/v1/master-data/lot/${encodeURIComponent(id)}/status`, { status: to, reason, ...signature });
    onDone();
  };
  if (signing) {
    return (
      <SignatureDialog
        open
        title={`Lot ${id}: ${from} → ${to}`}
        signing={
          <span>
            Lot <strong>{id}</strong> of {String(lot['materialId'])}, from <strong>{from}</strong> to <strong data-testid="lot-status-to">{to}</strong>. Reason: {reason}
          </span>
        }
        meanings={
          to === 'released'
            ? [{ value: 'released', label: 'Released', description: `I release lot ${id} for use in production.` }]
            : [{ value: 'approved', label: 'Approved', description: `I approve putting lot ${id} ${to}.` }]
        }
        onSign={sign}
        onCancel={onCancel}
      />
    );
  }
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={`Change the status of lot ${id}`}
        onSubmit={(e) => {
          e.preventDefault();
          setSigning(true);
        }}
      >
        <h2>Change the status of lot {id}</h2>
        <div className="form-grid">
          <label>
            From
            <input value={from} readOnly />
          </label>
          <label>
            To
            <select name="to" value={to} onChange={(e) => setTo(e.target.value)}>
              {(MOVES[from] ?? []).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Reason (shown at the kiosks)
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="CoA, deviation, complaint…" required />
          </label>
        </div>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!to || reason.trim() === ''}>
            Sign…
          </button>
        </div>
      </form>
    </div>
  );
}
