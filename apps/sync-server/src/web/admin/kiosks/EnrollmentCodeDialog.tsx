import { useState } from 'react';
import { parseEnrollmentCode } from '@lineside/sync-protocol';
import { api } from '../../api.js';
import { DialogActions, formatTime, useSubmit } from '../../ui/index.js';
import { Fingerprint } from './Fingerprint.js';
import { Modal } from './Modal.js';
import type { Station } from './types.js';

type OpenCode = Station['openCodes'][number];

/** The station's codes issued and not used yet; each can be withdrawn with a reason. */
function OpenCodes({ station, onWithdrawn }: { station: Station; onWithdrawn: () => void }) {
  const [gone, setGone] = useState<readonly string[]>([]);
  const [withdrawing, setWithdrawing] = useState<OpenCode>();
  const [reason, setReason] = useState('');
  const { busy, refusal, run } = useSubmit();
  const open = station.openCodes.filter((c) => !gone.includes(c.codeId));
  const withdraw = async (code: OpenCode) => {
    if (!(await run(() => api.post(`/api/v1/enrollment-codes/${encodeURIComponent(code.codeId)}/withdraw`, { reason: reason.trim() })))) return;
    setGone([...gone, code.codeId]);
    setWithdrawing(undefined);
    setReason('');
    onWithdrawn();
  };
  if (open.length === 0) return <p className="muted" data-testid="open-codes-none">No open code is left for this station.</p>;
  return (
    <div className="open-codes" data-testid="open-codes">
      <p>Codes issued for this station and not used yet (each works until it expires, unless withdrawn):</p>
      <ul>
        {open.map((c) => (
          <li key={c.codeId} data-code-id={c.codeId}>
            by {c.issuedBy} at {formatTime(c.issuedAt)}, expires {formatTime(c.expiresAt)}{' '}
            {withdrawing?.codeId === c.codeId ? (
              <span className="withdraw-form">
                <input name="withdrawReason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why (kept in the audit log)" aria-label="Reason for withdrawing the code" autoFocus />
                <button type="button" className="danger" disabled={reason.trim() === '' || busy} onClick={() => void withdraw(c)}>
                  Withdraw
                </button>
                <button type="button" onClick={() => setWithdrawing(undefined)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" onClick={() => setWithdrawing(c)}>
                Withdraw…
              </button>
            )}
          </li>
        ))}
      </ul>
      {refusal ? (
        <p className="error-box" role="alert">
          Not withdrawn: {refusal}
        </p>
      ) : null}
    </div>
  );
}

type Issued = {
  code: string;
  serverKeyFingerprint: string;
  stationId: string;
  kioskId: string;
  expiresAt: string;
};

/**
 * Issues a one-time enrollment code for a station and shows it once, large: the kiosk is started with
 * `--enroll-code CODE@fingerprint`, the fingerprint pinning this server's key.
 */
export function EnrollmentCodeDialog({
  station,
  onClose,
}: {
  station: Station;
  onClose: (issued: boolean) => void;
}) {
  const [issued, setIssued] = useState<Issued>();
  const { busy, refusal, run } = useSubmit();
  const [withdrawn, setWithdrawn] = useState(false);
  const [reason, setReason] = useState('');
  const kiosk = station.kiosk;
  const issue = () => run(async () => setIssued(await api.post<Issued>('/api/v1/enrollment-codes', { stationId: station.stationId, reason: reason.trim() })));
  const parts = issued ? parseEnrollmentCode(issued.code) : undefined;
  return (
    <Modal
      title={`Enrollment code for station ${station.stationId}`}
      onClose={() => onClose(issued !== undefined || withdrawn)}
      busy={busy}
    >
      {!issued ? (
        <>
          <p>
            A one-time code enrolls the kiosk of <strong>{station.name}</strong> as{' '}
            <strong className="nowrap">{station.kioskId}</strong>. It works once, for 24 hours.
          </p>
          {kiosk && kiosk.status !== 'pending' ? (
            <p className="notice">
              {kiosk.kioskId} is {kiosk.status}. A kiosk that enrolls with this code becomes its replacement:
              its key waits for your approval, and until then the key in use
              {kiosk.status === 'active' ? ' keeps working' : ' stays as it is'}.
            </p>
          ) : null}
          {kiosk && kiosk.status === 'pending' ? (
            <p className="notice">
              A kiosk enrolled and waits for approval: a kiosk that enrolls with this code replaces that
              waiting key.
            </p>
          ) : null}
          {station.openCodes.length > 0 ? <OpenCodes station={station} onWithdrawn={() => setWithdrawn(true)} /> : null}
          <label className="reason-field">
            <span>Reason (kept in the audit log)</span>
            <textarea
              name="issueReason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={2}
              placeholder={kiosk ? 'replacement PC for the booth, disk failed…' : 'first kiosk of this station…'}
              required
              autoFocus
            />
          </label>
          <DialogActions refusal={refusal} refused="Not issued" busy={busy} onCancel={() => onClose(withdrawn)}>
            <button type="button" className="primary" onClick={() => void issue()} disabled={busy || reason.trim() === ''}>
              {busy ? 'Issuing…' : 'Issue code'}
            </button>
          </DialogActions>
        </>
      ) : (
        <>
          <p className="code-label">One-time enrollment code</p>
          <p className="enrollment-code" data-testid="enrollment-code" data-code={issued.code}>
            {parts?.ok ? parts.value.code : issued.code}
          </p>
          <p>
            Server key fingerprint <Fingerprint value={issued.serverKeyFingerprint} />: the kiosk enrolls only
            with a server whose key has it.
          </p>
          <p>Start the kiosk of {station.stationId} once with:</p>
          <pre className="enroll-command" data-testid="enroll-command">
            --enroll-code {issued.code}
          </pre>
          <ul className="code-facts">
            <li>
              Expires <strong data-testid="code-expires">{formatTime(issued.expiresAt)}</strong> (24 hours).
            </li>
            <li>Works once: after a kiosk used it, or after it expired, issue a new one.</li>
            <li>
              Shown only now: the server keeps only a hash of it. Give it to the person at the kiosk, not by
              e-mail.
            </li>
          </ul>
          <div className="modal-actions">
            <button type="button" className="primary" onClick={() => onClose(true)}>
              Done
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
