import { useState } from 'react';
import { api } from '../api.js';
import { describeError, ErrorBox, Page, PagedTable, useApi } from '../ui/index.js';

type Kiosk = { kioskId: string; stationId: string; status: string; hostname: string | null; keyFingerprint: string | null; pendingKeyFingerprint: string | null; enrolledAt: string };

/** Stations and kiosks: the key fingerprint is shown as the kiosk shows it, to compare before approving. */
export function KiosksPage() {
  const kiosks = useApi<{ kiosks: Kiosk[] }>('/api/v1/kiosks');
  const [refusal, setRefusal] = useState<string>();
  const act = async (kioskId: string, what: 'approve' | 'revoke') => {
    setRefusal(undefined);
    try {
      await api.post(`/api/v1/kiosks/${kioskId}/${what}`, what === 'revoke' ? { reason: window.prompt(`Why revoke ${kioskId}?`) ?? '' } : {});
      kiosks.reload();
    } catch (error) {
      setRefusal(describeError(error));
    }
  };
  return (
    <Page title="Stations and kiosks" subtitle="Approve a kiosk only when the fingerprint below matches the one on its screen.">
      {kiosks.error ? <ErrorBox error={kiosks.error} /> : null}
      {refusal ? <p className="error-box" role="alert">{refusal}</p> : null}
      <PagedTable
        columns={[
          { header: 'Kiosk', cell: (k) => k.kioskId, width: '9rem', className: 'nowrap' },
          { header: 'Station', cell: (k) => k.stationId, width: '7rem' },
          { header: 'Status', cell: (k) => <span className={`status-pill ${k.status}`}>{k.status}</span>, width: '7rem' },
          { header: 'Key fingerprint', cell: (k) => <span className="fingerprint">{k.pendingKeyFingerprint ?? k.keyFingerprint ?? '—'}</span> },
          {
            header: '',
            cell: (k) =>
              k.status === 'pending' || k.pendingKeyFingerprint ? (
                <button type="button" className="primary" onClick={() => void act(k.kioskId, 'approve')}>
                  Approve
                </button>
              ) : k.status === 'active' ? (
                <button type="button" onClick={() => void act(k.kioskId, 'revoke')}>
                  Revoke
                </button>
              ) : null,
            width: '7rem',
          },
        ]}
        rows={kiosks.data?.kiosks ?? []}
        rowKey={(k) => k.kioskId}
        loading={kiosks.loading}
        empty="No kiosk has enrolled yet."
      />
    </Page>
  );
}
