import { useState } from 'react';
// The sub-path keeps the protocol's schemas out of the screen's bundle.
import { groupKeyFingerprint } from '@lineside/sync-protocol/enrollment-code';
import { api } from '../../api.js';
import { DialogActions, formatTime, useSubmit } from '../../ui/index.js';
import { KeyFacts } from './KeyFacts.js';
import { Modal } from './Modal.js';
import { keyToApprove, type Kiosk } from './types.js';

/**
 * Approval of a kiosk's key after the admin compared its fingerprint with the kiosk's screen: a first
 * key alone, a replacement beside the key in use. Approve stays disabled until they confirm the match,
 * and names the key compared, so a key enrolled meanwhile is refused rather than approved unseen.
 */
export function ApproveKioskDialog({
  kiosk,
  onClose,
}: {
  kiosk: Kiosk;
  onClose: (changed: boolean) => void;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const { busy, refusal, run } = useSubmit();
  const waiting = keyToApprove(kiosk);
  const inUse = kiosk.pendingKeyId ? kiosk.keys.find((k) => k.keyId === kiosk.keyId) : undefined;
  const approve = async () => {
    if (!waiting) return;
    if (await run(() => api.post(`/api/v1/kiosks/${encodeURIComponent(kiosk.kioskId)}/approve`, { keyId: waiting.keyId }))) onClose(true);
  };
  if (!waiting) {
    return (
      <Modal title={`Kiosk ${kiosk.kioskId}`} onClose={() => onClose(false)}>
        <p>No key of {kiosk.kioskId} waits for approval.</p>
        <div className="modal-actions">
          <button type="button" onClick={() => onClose(false)}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal
      title={
        inUse
          ? `Approve the replacement kiosk of station ${kiosk.stationId}`
          : `Approve kiosk ${kiosk.kioskId} for station ${kiosk.stationId}`
      }
      onClose={() => onClose(false)}
      busy={busy}
      wide={inUse !== undefined}
    >
      <p>
        Compare the fingerprint below with the one the kiosk shows in its top bar (
        <em>key {groupKeyFingerprint(waiting.fingerprint)}</em>). Approve only if every character is the same:
        any other key is not this kiosk's.
      </p>
      {inUse ? (
        <div className="key-pair">
          <KeyFacts heading="Key in use now (old)" keyOf={inUse} testId="old-key" />
          <KeyFacts heading="New key, waiting for approval" keyOf={waiting} testId="new-key" />
        </div>
      ) : (
        <KeyFacts heading="Key waiting for approval" keyOf={waiting} testId="new-key" />
      )}
      <p className="what-it-does" data-testid="approve-effect">
        {inUse
          ? `Approving makes ${waiting.keyId} the kiosk's key: the old key ${inUse.keyId} is retired and can no longer push or pull, and every record it signed stays valid. The new key's records start a new chain at seq 1.`
          : `Approving lets the kiosk with this key push its records and pull the master data of station ${kiosk.stationId}.`}
        {kiosk.status === 'revoked'
          ? ` ${kiosk.kioskId} was revoked by ${kiosk.statusChangedBy ?? 'the server'} at ${formatTime(kiosk.statusChangedAt)} (${kiosk.statusReason ?? 'no reason given'}): approving makes it active again with the new key.`
          : ''}
      </p>
      <label className="confirm-match">
        <input
          type="checkbox"
          name="fingerprintMatches"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
        />
        <span>
          The kiosk's screen shows <strong>{groupKeyFingerprint(waiting.fingerprint)}</strong>: I compared
          every group.
        </span>
      </label>
      <DialogActions refusal={refusal} refused="Not approved" busy={busy} onCancel={() => onClose(false)}>
        <button
          type="button"
          className="primary"
          onClick={() => void approve()}
          disabled={!confirmed || busy}
        >
          {busy ? 'Approving…' : 'Approve'}
        </button>
      </DialogActions>
    </Modal>
  );
}
