import { useEffect } from 'react';
import { LoginScreen } from './LoginScreen.js';
import { OrderQueue } from './OrderQueue.js';
import { StepRunner } from './StepRunner.js';
import { useExecution } from './store.js';
import { useKiosk } from '../store.js';

/**
 * Login → order queue → step runner. The view follows the log: every appended record (a scan from a
 * hardware scanner, a pH endpoint, another kiosk window's action) refreshes it. The timer only
 * re-checks the session, so that auto-lock shows the login again.
 */
export function ExecutionScreen() {
  const { session, orderId, refresh, refreshSoon, scanned } = useExecution();
  const connected = useKiosk((s) => s.connection === 'open');
  const transport = useKiosk((s) => s.transport);
  useEffect(() => {
    if (!connected || !transport) return;
    void refresh();
    const offAppended = transport.on('record-appended', () => refreshSoon());
    const offScan = transport.on('scan', scanned);
    const timer = setInterval(() => refreshSoon(), 15_000);
    return () => {
      offAppended();
      offScan();
      clearInterval(timer);
    };
  }, [connected, transport, refresh, refreshSoon, scanned]);
  if (!session) return <LoginScreen />;
  return orderId ? <StepRunner /> : <OrderQueue />;
}
