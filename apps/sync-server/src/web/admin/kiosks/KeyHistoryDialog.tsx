import { formatTime, PagedTable } from '../../ui/index.js';
import { Fingerprint } from './Fingerprint.js';
import { Modal } from './Modal.js';
import type { Kiosk, KioskKey } from './types.js';

const STATE_WORDS: Record<KioskKey['state'], string> = {
  'in-use': 'in use',
  waiting: 'waiting for approval',
  retired: 'retired',
};

/** Every key a kiosk enrolled, newest first: its number, fingerprint, where it came from and what became of it. */
export function KeyHistoryDialog({ kiosk, onClose }: { kiosk: Kiosk; onClose: () => void }) {
  return (
    <Modal title={`Keys of kiosk ${kiosk.kioskId}`} onClose={onClose} wide>
      <div className="key-history">
        <PagedTable
          columns={[
            { header: 'No.', cell: (k) => k.keyNumber, width: '3rem', className: 'num' },
            { header: 'Fingerprint', cell: (k) => <Fingerprint value={k.fingerprint} />, width: '15rem' },
            {
              header: 'State',
              cell: (k) => (
                <span
                  className={`status-pill ${k.state === 'in-use' ? 'active' : k.state === 'waiting' ? 'pending' : 'retired'}`}
                >
                  {k.state === 'in-use' && kiosk.status !== 'active' ? `current, kiosk ${kiosk.status}` : STATE_WORDS[k.state]}
                </span>
              ),
              width: '10rem',
            },
            {
              header: 'Enrolled',
              cell: (k) =>
                `${formatTime(k.createdAt)} · ${k.hostname ?? 'host not given'} · ${k.appVersion ?? ''}`,
            },
            {
              header: 'Approved / retired',
              cell: (k) =>
                [
                  k.approvedBy ? `approved by ${k.approvedBy} ${formatTime(k.approvedAt)}` : 'never approved',
                  k.retiredAt ? `retired ${formatTime(k.retiredAt)}` : '',
                ]
                  .filter(Boolean)
                  .join('; '),
              width: '14rem',
            },
          ]}
          rows={[...kiosk.keys].reverse()}
          rowKey={(k) => k.keyId}
          rowData={(k) => ({ key: k.keyId, state: k.state })}
          empty="No key."
        />
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
