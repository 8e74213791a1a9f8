import { useState } from 'react';
import { ErrorBox, FilterBar, formatTime, Page, PagedTable, useApi, useFilters } from '../ui/index.js';
import { ApproveKioskDialog } from './kiosks/ApproveKioskDialog.js';
import { EnrollmentCodeDialog } from './kiosks/EnrollmentCodeDialog.js';
import { Fingerprint } from './kiosks/Fingerprint.js';
import { KeyHistoryDialog } from './kiosks/KeyHistoryDialog.js';
import { RevokeKioskDialog } from './kiosks/RevokeKioskDialog.js';
import { keyToApprove, type Kiosk, type Station } from './kiosks/types.js';

const PAGE = 20;
const STATUS_OPTIONS = [
  { value: 'awaiting-approval', label: 'waiting for approval' },
  { value: 'active', label: 'active' },
  { value: 'revoked', label: 'revoked' },
  { value: 'quarantined', label: 'quarantined' },
  { value: 'no-kiosk', label: 'no kiosk yet' },
] as const;

type Dialog = { kind: 'code'; station: Station } | { kind: 'approve' | 'revoke' | 'keys'; kiosk: Kiosk };

function KioskCell({ kiosk }: { kiosk: Kiosk }) {
  return (
    <div className="kiosk-cell">
      <span>
        <span className="nowrap">{kiosk.kioskId}</span>{' '}
        <span className={`status-pill ${kiosk.status}`}>{kiosk.status}</span>
      </span>
      <small>
        {kiosk.hostname ?? 'host not given'} · app {kiosk.appVersion}
      </small>
      <small>enrolled {formatTime(kiosk.enrolledAt)}</small>
    </div>
  );
}

function LastChange({ kiosk }: { kiosk: Kiosk }) {
  return (
    <div className="kiosk-cell" data-testid="last-change">
      <span>{kiosk.statusReason ?? kiosk.status}</span>
      <small>
        {kiosk.statusChangedBy ? `by ${kiosk.statusChangedBy}` : 'by the kiosk'} ·{' '}
        {formatTime(kiosk.statusChangedAt)}
      </small>
    </div>
  );
}

function Keys({ kiosk }: { kiosk: Kiosk }) {
  const waiting = kiosk.pendingKeyId ? kiosk.keys.find((k) => k.keyId === kiosk.pendingKeyId) : undefined;
  const current = kiosk.keys.find((k) => k.keyId === kiosk.keyId);
  return (
    <div className="kiosk-cell">
      {current ? (
        <span>
          <small>
            {kiosk.status === 'pending' ? 'waiting, first key' : kiosk.status === 'active' ? 'in use' : kiosk.status} · #{current.keyNumber}
          </small>{' '}
          <Fingerprint value={current.fingerprint} />
        </span>
      ) : null}
      {waiting ? (
        <span className="waiting-key">
          <small>replacement waiting · #{waiting.keyNumber}</small>{' '}
          <Fingerprint value={waiting.fingerprint} />
        </span>
      ) : null}
    </div>
  );
}

/**
 * Stations and kiosks (issue 11): every station of the master data with its kiosk, enrollment codes,
 * approval after comparing the key fingerprint with the kiosk's screen, revocation with a reason, keys.
 */
export function KiosksPage() {
  const { values, offset, setValues, setOffset } = useFilters(['q', 'status']);
  const stations = useApi<{ stations: Station[]; total: number }>('/api/v1/stations', {
    q: values['q'],
    status: values['status'],
    offset,
    limit: PAGE,
  });
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();
  const close = (changed: boolean, said?: string) => {
    setDialog(undefined);
    if (changed) {
      setNotice(said);
      stations.reload();
    }
  };
  const rows = stations.data?.stations ?? [];
  const filtered = Object.values(values).some((v) => v !== '');
  const noKioskAtAll =
    !filtered &&
    stations.data !== undefined &&
    rows.every((s) => s.kiosk === null) &&
    stations.data.total <= PAGE;
  return (
    <Page
      title="Stations and kiosks"
      subtitle="Issue a station's enrollment code; approve a kiosk only when the fingerprint matches the one on its screen."
    >
      {stations.error ? <ErrorBox error={stations.error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {noKioskAtAll ? (
        <p className="muted">
          No kiosk has enrolled yet. Issue an enrollment code for a station and start its kiosk with it.
        </p>
      ) : null}
      <FilterBar
        fields={[
          { name: 'q', label: 'Search', placeholder: 'station, kiosk, host or fingerprint' },
          { name: 'status', label: 'Kiosk', type: 'select', options: STATUS_OPTIONS },
        ]}
        values={values}
        onApply={setValues}
      />
      <PagedTable
        columns={[
          {
            header: 'Station',
            cell: (s) => (
              <div className="kiosk-cell">
                <strong>{s.stationId}</strong>
                <small>{s.name}</small>
              </div>
            ),
            width: '11rem',
          },
          {
            header: 'Kiosk',
            cell: (s) =>
              s.kiosk ? (
                <KioskCell kiosk={s.kiosk} />
              ) : (
                <div className="kiosk-cell">
                  <span className="muted">No kiosk enrolled</span>
                  <small>its kiosk will be {s.kioskId}</small>
                </div>
              ),
            width: '14rem',
          },
          {
            header: 'Last change',
            cell: (s) =>
              s.kiosk ? (
                <LastChange kiosk={s.kiosk} />
              ) : s.openCodes.length > 0 ? (
                <small>{s.openCodes.length} open code(s)</small>
              ) : (
                ''
              ),
            width: '14rem',
            wideOnly: true,
          },
          { header: 'Keys', cell: (s) => (s.kiosk ? <Keys kiosk={s.kiosk} /> : '') },
          {
            header: 'Actions',
            cell: (s) => (
              <div className="kiosk-actions">
                {s.kiosk && keyToApprove(s.kiosk) ? (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => setDialog({ kind: 'approve', kiosk: s.kiosk! })}
                  >
                    Approve…
                  </button>
                ) : null}
                <button type="button" onClick={() => setDialog({ kind: 'code', station: s })}>
                  Issue enrollment code…
                </button>
                {s.kiosk ? (
                  <button type="button" onClick={() => setDialog({ kind: 'keys', kiosk: s.kiosk! })}>
                    Key history ({s.kiosk.keys.length})
                  </button>
                ) : null}
                {s.kiosk && s.kiosk.status !== 'revoked' ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => setDialog({ kind: 'revoke', kiosk: s.kiosk! })}
                  >
                    Revoke…
                  </button>
                ) : null}
              </div>
            ),
            width: '12rem',
          },
        ]}
        rows={rows}
        rowKey={(s) => s.stationId}
        rowData={(s) => ({ station: s.stationId, status: s.kiosk?.status ?? 'no-kiosk' })}
        page={{ offset, limit: PAGE, total: stations.data?.total ?? 0 }}
        onPage={setOffset}
        loading={stations.loading}
        empty={
          filtered
            ? 'No station matches the filter.'
            : 'The master data has no station yet: add stations first.'
        }
      />
      {dialog?.kind === 'code' ? (
        <EnrollmentCodeDialog
          station={dialog.station}
          onClose={(issued) =>
            close(
              issued,
              issued ? `An enrollment code for ${dialog.station.stationId} was issued.` : undefined,
            )
          }
        />
      ) : null}
      {dialog?.kind === 'approve' ? (
        <ApproveKioskDialog
          kiosk={dialog.kiosk}
          onClose={(changed) => close(changed, `${dialog.kiosk.kioskId}: key approved.`)}
        />
      ) : null}
      {dialog?.kind === 'revoke' ? (
        <RevokeKioskDialog
          kiosk={dialog.kiosk}
          onClose={(changed) => close(changed, `${dialog.kiosk.kioskId} revoked.`)}
        />
      ) : null}
      {dialog?.kind === 'keys' ? (
        <KeyHistoryDialog kiosk={dialog.kiosk} onClose={() => close(false)} />
      ) : null}
    </Page>
  );
}
