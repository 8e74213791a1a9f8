import { useState } from 'react';
import { useKiosk } from '../store.js';
import { formatTime } from '../time.js';

const PHASE_WORDS: Record<string, string> = {
  'not-enrolled': 'not enrolled',
  enrolling: 'enrolling',
  pending: 'waiting for approval',
  active: 'active',
  revoked: 'revoked',
  quarantined: 'quarantined',
  refused: 'enrollment refused',
};

export function SyncIndicator() {
  const sync = useKiosk((s) => s.state?.sync ?? null);
  const [open, setOpen] = useState(false);
  const coreLost = useKiosk((s) => s.connection !== 'open' && s.state !== null);
  // The last sync state came from the core: without it, "Online" would be a claim nobody can back.
  if (coreLost) {
    return (
      <div className="sync lost" data-testid="sync-status" data-online="unknown">
        <span className="sync-state">✕ Kiosk core lost</span>
        {sync ? (
          <span className="sync-counts">
            <span className="last-sync">last sync {sync.lastSyncAt ? formatTime(sync.lastSyncAt) : 'never'}</span>
          </span>
        ) : null}
      </div>
    );
  }
  if (!sync) return <div className="sync" data-testid="sync-status">Sync: …</div>;
  return (
    <div className={`sync ${sync.online ? 'online' : 'offline'}`} data-testid="sync-status" data-online={String(sync.online)} title={sync.lastError?.message ?? ''}>
      <span className="sync-state">{sync.online ? '▲ Online' : '▼ Offline'}</span>
      {/* 'active' is the normal case; only an unusual enrollment phase earns header space. */}
      {sync.phase !== 'active' ? <span className="sync-phase">{PHASE_WORDS[sync.phase] ?? sync.phase}</span> : null}
      <span className="sync-counts">
        <span className="unsent" data-testid="unsent-count" data-unsent={sync.unsent}>
          {sync.unsent} unsent
        </span>
        <span className="last-sync">last sync {sync.lastSyncAt ? formatTime(sync.lastSyncAt) : 'never'}</span>
      </span>
      {/* The header has no room for the sentence (cut to "sync s…" it said nothing): a button says there is
          a reason, and a tap shows the whole sentence over the page. */}
      {sync.lastError ? (
        <button type="button" className="sync-error" data-testid="sync-error" aria-expanded={open} aria-label={`Why: ${sync.lastError.message}`} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Why?'}
        </button>
      ) : null}
      {sync.lastError && open ? (
        <p className="sync-error-full" role="status" data-testid="sync-error-full" onClick={() => setOpen(false)}>
          {sync.lastError.message}
        </p>
      ) : null}
    </div>
  );
}
