import { useEffect } from 'react';
// The sub-path keeps the protocol's schemas out of the screen's bundle.
import { groupKeyFingerprint } from '@lineside/sync-protocol/enrollment-code';
import { AcceptedList } from './components/AcceptedList.js';
import { SyncIndicator } from './components/SyncIndicator.js';
import { TouchKeyboard } from './components/TouchKeyboard.js';
import { WeighPanel } from './components/WeighPanel.js';
import { DailyChecks } from './execution/DailyChecks.js';
import { ExecutionScreen } from './execution/ExecutionScreen.js';
import { LoginScreen } from './execution/LoginScreen.js';
import { useExecution } from './execution/store.js';
import { useKiosk } from './store.js';

/** The weigh screen (free weighing) and batch execution, switched from the top bar. */
export function App() {
  const identity = useKiosk((s) => s.state?.identity ?? null);
  const fingerprint = groupKeyFingerprint(useKiosk((s) => s.state?.keyFingerprint ?? ''));
  // Until an admin approves this key they compare its fingerprint with this screen.
  const awaitingApproval = useKiosk((s) => s.state?.sync?.phase === 'pending');
  const { screen, show, session, logout, refreshSoon } = useExecution();
  const coreLost = useKiosk((s) => s.connection !== 'open' && s.state !== null);
  const connected = useKiosk((s) => s.connection === 'open');
  const transport = useKiosk((s) => s.transport);
  // Free weighing needs to know who is logged in (and see an auto-lock) like the other screens do.
  useEffect(() => {
    if (!connected || !transport || screen !== 'weigh') return;
    refreshSoon();
    const offAppended = transport.on('record-appended', () => refreshSoon());
    const timer = setInterval(() => refreshSoon(), 15_000);
    return () => {
      offAppended();
      clearInterval(timer);
    };
  }, [connected, transport, screen, refreshSoon]);
  return (
    <div className="screen">
      <header className="topbar">
        <div className="station">
          {identity ? (
            <>
              <strong>{identity.stationId}</strong>
              <span className="muted">kiosk {identity.kioskId}</span>
              {awaitingApproval ? (
                <span className="muted" data-testid="key-fingerprint">
                  key {fingerprint}
                </span>
              ) : null}
            </>
          ) : (
            <>
              <strong>Not enrolled</strong>{' '}
              <span className="muted" data-testid="key-fingerprint">
                key {fingerprint}
              </span>
            </>
          )}
        </div>
        <nav className="nav">
          <button type="button" className={`tab ${screen === 'execution' ? 'chosen' : ''}`} data-testid="nav-execution" onClick={() => show('execution')}>
            Batch orders
          </button>
          <button type="button" className={`tab ${screen === 'weigh' ? 'chosen' : ''}`} data-testid="nav-weigh" onClick={() => show('weigh')}>
            Free weighing
          </button>
          <button type="button" className={`tab ${screen === 'checks' ? 'chosen' : ''}`} data-testid="nav-checks" onClick={() => show('checks')}>
            Daily checks
          </button>
          <TouchKeyboard />
          {session ? (
            <button type="button" className="tab" data-testid="logout" onClick={() => void logout()}>
              <span className="who">{session.printedName}</span> Log out
            </button>
          ) : null}
        </nav>
        <SyncIndicator />
      </header>
      {awaitingApproval ? (
        <p className="approval-banner" role="status" data-testid="approval-banner">
          Waiting for an admin to approve this kiosk. Read them its key: <span className="fingerprint">{fingerprint}</span>
        </p>
      ) : null}
      {coreLost ? (
        <p className="core-lost" role="alert" data-testid="core-lost">
          The kiosk core is not reachable: nothing on this screen is live and nothing can be recorded. Reconnecting…
        </p>
      ) : null}
      {screen === 'weigh' ? (
        session ? (
          <main className="content">
            <WeighPanel />
            <AcceptedList />
          </main>
        ) : (
          // A free weighing is recorded under a person's name, like a dispense: log in first.
          <main className="content single">
            <LoginScreen />
          </main>
        )
      ) : screen === 'checks' ? (
        <main className="content single">{session ? <DailyChecks /> : <LoginScreen />}</main>
      ) : (
        <main className="content single">
          <ExecutionScreen />
        </main>
      )}
    </div>
  );
}
